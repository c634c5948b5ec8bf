/* SPDX-License-Identifier: MIT */
/*
 * test_narrate.c - step mode's sentences (narrate.c), in English and in
 * Chinese, on hand-made models of the chapter's scenarios' key moments: a
 * send that wakes a blocked receiver and one that waits in the channel, a
 * lock that must wait for its holder and the unlock that hands it over, a
 * join, the deadlock of 3.3, the lost update of 4.1, and the other families
 * (condition variables, semaphores, processes). Recorded runs would do the
 * same but interleave differently each time; these models fix one run.
 *
 * Chinese is chosen as `ctrace --lang zh` chooses it (cli/lang.c: LANGUAGE
 * over C.UTF-8), with the catalogue compiled into the build tree.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "model.h"
#include "model_build.h"
#include "narrate.h"
#include "proc.h"

#ifndef CTRACE_LOCALE_DIR
#error "CTRACE_LOCALE_DIR must name the build tree's share/locale (CMakeLists.txt defines it)"
#endif

#define MAIN 100
/* clang-format off */
/* One event of process MAIN ("main") at T µs. */
#define E(t, tid, type, id, id2, value, status, text) \
	{ CT_EV_##type, 1000000u + (uint64_t)(t)*1000u, MAIN, (tid), "main", (id), (id2), \
	  (value), (status), (text), 0 }
/* One event of process PID (its own procname) at T µs. */
#define P(t, pid, type, id, id2, value, status, text, proc) \
	{ CT_EV_##type, 1000000u + (uint64_t)(t)*1000u, (pid), (pid), (proc), (id), (id2), \
	  (value), (status), (text), 0 }
/* clang-format on */

/* An event index and what it must say in each language. */
struct said {
	uint32_t ev;
	const char *en, *zh;
};

static void use_english(void)
{
	/* msgids are English: the C messages locale makes gettext return them. */
	unsetenv("LANGUAGE");
	assert_non_null(setlocale(LC_MESSAGES, "C"));
}

static void use_chinese(void)
{
	setenv("LANGUAGE", "zh_CN", 1);
	if (!setlocale(LC_MESSAGES, "C.UTF-8"))
		skip(); /* glibc without C.UTF-8: cannot happen on Debian 12 */
}

/* Builds IN and checks every sentence of WANT in both languages. */
static void check(const struct ct_model_input *in, size_t n_in, const struct said *want,
		  size_t n_want)
{
	struct ct_model *m = test_model_build(in, n_in);
	char buf[512];

	use_english();
	for (size_t i = 0; i < n_want; i++) {
		ct_model_event_narrate(m, want[i].ev, buf, sizeof(buf));
		if (strcmp(buf, want[i].en) != 0)
			fail_msg("event %u (en): got \"%s\", want \"%s\"", want[i].ev, buf,
				 want[i].en);
	}
	use_chinese();
	for (size_t i = 0; i < n_want; i++) {
		ct_model_event_narrate(m, want[i].ev, buf, sizeof(buf));
		if (strcmp(buf, want[i].zh) != 0)
			fail_msg("event %u (zh): got \"%s\", want \"%s\"", want[i].ev, buf,
				 want[i].zh);
	}
	use_english();
	ct_model_destroy(m);
}

#define CHECK(in, want)                                                                            \
	check((in), sizeof(in) / sizeof((in)[0]), (want), sizeof(want) / sizeof((want)[0]))

/* 1.1: main spawns a thread, both print and sleep, main returns and the thread is cut off. */
static void test_1_1_spawn(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "spawned"), /* 0 */
		E(10, MAIN, PRINT, 0, 0, 0, 0, "hi number 1 from the main thread!"),
		E(20, 101, THREAD_BEGIN, 1, 0, 0, 0, "spawned"),  /* 2 */
		E(30, MAIN, SLEEP_BEGIN, 0, 0, 1000000, 0, NULL), /* 3 */
		E(40, 101, SLEEP_BEGIN, 0, 0, 1000000, 0, NULL),
		E(1030, MAIN, SLEEP_END, 0, 0, 1000000, 0, NULL), /* 5 */
		E(1040, MAIN, PROCESS_EXIT, 0, 0, 0, 0, NULL),    /* 6 */
	};
	static const struct said want[] = {
		{ 0, "main spawns spawned; spawned starts running alongside it",
		  "main 创建线程 spawned；spawned 开始与它并发运行" },
		{ 1, "main prints \"hi number 1 from the main thread!\"",
		  "main 打印 \"hi number 1 from the main thread!\"" },
		{ 2, "spawned starts running", "spawned 开始运行" },
		{ 3, "main sleeps for 1.000 ms: the other threads run meanwhile",
		  "main 休眠 1.000 ms：其间其他线程继续运行" },
		{ 5, "main wakes from its sleep and goes on", "main 睡醒了，继续运行" },
		{ 6, "main's process exits: all its threads stop",
		  "main 的进程退出：它的所有线程都停止" },
	};

	(void)state;
	CHECK(in, want);
}

/* 1.2: main joins the thread before it ends: the end lets main go on. */
static void test_1_2_join(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "spawned"),
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "spawned"),
		E(20, MAIN, JOIN_BEGIN, 1, 0, 0, 0, NULL), /* 2 */
		E(500, 101, THREAD_END, 1, 0, 0, 0, NULL), /* 3 */
		E(510, MAIN, JOIN_END, 1, 0, 0, 0, NULL),  /* 4 */
		E(520, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "late"),
		E(530, 102, THREAD_BEGIN, 2, 0, 0, 0, "late"),
		E(540, 102, THREAD_END, 2, 0, 0, 0, NULL),  /* 7: ends before main joins */
		E(600, MAIN, JOIN_BEGIN, 2, 0, 0, 0, NULL), /* 8 */
		E(601, MAIN, JOIN_END, 2, 0, 0, 0, NULL),
	};
	static const struct said want[] = {
		{ 2, "main joins spawned: main waits until spawned ends",
		  "main join spawned：main 阻塞等待，直到 spawned 结束" },
		{ 3, "spawned finishes; main, waiting in join, goes on",
		  "spawned 结束；一直在 join 中等待的 main 继续运行" },
		{ 4, "main has joined spawned and goes on", "main 已 join spawned，继续运行" },
		{ 7, "late finishes; main will join it later", "late 结束；main 稍后会 join 它" },
		{ 8, "main joins late, which has already ended: no wait",
		  "main join late；late 已经结束，无需等待" },
	};

	(void)state;
	CHECK(in, want);
}

/* 2.1: main waits in recv, the thread's "hi" wakes it. */
static void test_2_1_channel(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, -1, 0, "channel"), /* 0 */
		E(10, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "producer-1"),
		E(20, MAIN, CHAN_RECV_BEGIN, 7, 0, 0, 0, NULL), /* 2 */
		E(30, 101, THREAD_BEGIN, 1, 0, 0, 0, "producer-1"),
		E(40, 101, CHAN_SEND_BEGIN, 7, 1, 0, 0, NULL),
		E(41, 101, CHAN_SEND_END, 7, 1, 0, CT_OK, "hi"),  /* 5 */
		E(50, MAIN, CHAN_RECV_END, 7, 1, 0, CT_OK, NULL), /* 6 */
		E(60, MAIN, PRINT, 0, 0, 0, 0, "Got: hi"),
	};
	static const struct said want[] = {
		{ 0, "main creates channel channel", "main 创建通道 channel" },
		{ 2,
		  "main waits to receive: the channel is empty, so it blocks until producer-1 sends",
		  "main 等待接收：通道是空的，于是阻塞，直到 producer-1 发送" },
		{ 5, "producer-1 sends \"hi\"; main was blocked in recv and wakes",
		  "producer-1 发送 \"hi\"；main 一直阻塞在 recv 上，现在被唤醒" },
		{ 6, "main receives \"hi\" from producer-1",
		  "main 接收到 producer-1 发来的 \"hi\"" },
		{ 7, "main prints \"Got: hi\"", "main 打印 \"Got: hi\"" },
	};

	(void)state;
	CHECK(in, want);
}

/* 2.2: a message sent while main is busy waits in the channel; the last recv sees it closed. */
static void test_2_2_receiver_waits(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, -1, 0, "channel"),
		E(10, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "spawned"),
		E(20, 101, THREAD_BEGIN, 1, 0, 0, 0, "spawned"),
		E(30, 101, CHAN_SEND_BEGIN, 7, 1, 0, 0, NULL),
		E(31, 101, CHAN_SEND_END, 7, 1, 0, CT_OK, "hi"), /* 4 */
		E(40, MAIN, CHAN_RECV_BEGIN, 7, 0, 0, 0, NULL),  /* 5 */
		E(41, MAIN, CHAN_RECV_END, 7, 1, 0, CT_OK, NULL),
		E(50, MAIN, CHAN_RECV_BEGIN, 7, 0, 0, 0, NULL), /* 7 */
		E(60, 101, CHAN_SENDER_DROP, 7, 0, 0, 0, NULL), /* 8 */
		E(61, 101, THREAD_END, 1, 0, 0, 0, NULL),
		E(70, MAIN, CHAN_RECV_END, 7, 0, 0, CT_DISCONNECTED, NULL), /* 10 */
		E(80, MAIN, CHAN_RECEIVER_DROP, 7, 0, 0, 0, NULL),          /* 11 */
	};
	static const struct said want[] = {
		{ 4, "spawned sends \"hi\"; it waits in the channel until main receives it",
		  "spawned 发送 \"hi\"；消息留在通道中等待，直到 main 接收它" },
		{ 5, "main calls recv", "main 调用 recv" },
		{ 7,
		  "main waits to receive: the channel is empty, so it blocks until every sender is gone",
		  "main 等待接收：通道是空的，于是阻塞，直到所有发送端都关闭" },
		{ 8,
		  "spawned drops a sender of channel; when the last sender is gone, the receiver sees the channel closed",
		  "spawned 丢弃了 channel 的一个发送端；最后一个发送端消失时，接收端会看到通道已关闭" },
		{ 10, "main's recv fails: every sender is gone, so no message can come any more",
		  "main 的 recv 失败：所有发送端都已关闭，不会再有消息到来" },
		{ 11, "main drops the receiver of channel: sends to it now fail",
		  "main 丢弃了 channel 的接收端：此后向它发送都会失败" },
	};

	(void)state;
	CHECK(in, want);
}

/* 2.3: two producers on clones of one sender; a message nobody receives. */
static void test_2_3_producers(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, CHAN_NEW, 7, 0, -1, 0, "tx"),
		E(1, MAIN, CHAN_SENDER_CLONE, 7, 0, 0, 0, NULL), /* 1 */
		E(2, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "producer-1"),
		E(3, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "producer-2"),
		E(4, MAIN, CHAN_RECV_BEGIN, 7, 0, 0, 0, NULL),
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "producer-1"),
		E(11, 102, THREAD_BEGIN, 2, 0, 0, 0, "producer-2"),
		E(20, 101, CHAN_SEND_END, 7, 1, 0, CT_OK, "hi"),   /* 7 */
		E(21, 102, CHAN_SEND_END, 7, 2, 0, CT_OK, "more"), /* 8 */
		E(30, MAIN, CHAN_RECV_END, 7, 1, 0, CT_OK, NULL),
		E(40, 102, CHAN_SEND_END, 7, 3, 0, CT_OK, NULL), /* 10: no label, never received */
	};
	static const struct said want[] = {
		{ 1, "main clones a sender of tx: one more thread can send",
		  "main 克隆了 tx 的一个发送端：又多了一个可以发送的线程" },
		{ 7, "producer-1 sends \"hi\"; main was blocked in recv and wakes",
		  "producer-1 发送 \"hi\"；main 一直阻塞在 recv 上，现在被唤醒" },
		{ 8, "producer-2 sends \"more\"; nobody ever receives it",
		  "producer-2 发送 \"more\"；始终没有线程接收它" },
		{ 10, "producer-2 sends a message; nobody ever receives it",
		  "producer-2 发送 一条消息；始终没有线程接收它" },
	};

	(void)state;
	CHECK(in, want);
}

/* 3.1: one thread, a free mutex, a write, an unlock nobody takes. */
static void test_3_1_mutex(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "m"),              /* 0 */
		E(10, MAIN, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),     /* 1 */
		E(11, MAIN, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),       /* 2 */
		E(12, MAIN, ACCESS, 3, 0, 6, CT_ACCESS_WRITE, NULL), /* 3 */
		E(13, MAIN, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),         /* 4 */
	};
	static const struct said want[] = {
		{ 0, "main creates mutex m", "main 创建互斥锁 m" },
		{ 1, "main asks for m; it is free", "main 请求 m；它是空闲的" },
		{ 2, "main holds m now: others who want it must wait",
		  "main 现在持有 m：其他想要它的线程必须等待" },
		{ 3, "main writes m = 6", "main 写入 m = 6" },
		{ 4, "main unlocks m; no other thread takes it",
		  "main 释放 m；没有其他线程拿到它" },
	};

	(void)state;
	CHECK(in, want);
}

/* 3.2: an Arc'd counter; a thread waits for the lock and is handed it. */
static void test_3_2_arc_mutex(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "counter"),
		E(1, MAIN, ARC_NEW, 4, 0, 1, 0, "counter"), /* 1 */
		E(2, MAIN, ARC_CLONE, 4, 0, 2, 0, NULL),    /* 2 */
		E(3, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "thread-1"),
		E(4, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "thread-2"),
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "thread-1"),
		E(11, 101, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),
		E(12, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
		E(20, 102, THREAD_BEGIN, 2, 0, 0, 0, "thread-2"),
		E(21, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL), /* 9 */
		E(30, 101, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),     /* 10 */
		E(31, 102, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),   /* 11 */
		E(32, 101, ARC_DROP, 4, 0, 1, 0, NULL),         /* 12 */
		E(40, 102, MUTEX_UNLOCK, 3, 0, 0, 0, NULL),
		E(41, MAIN, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),
		E(42, MAIN, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
		E(50, MAIN, ARC_DROP, 4, 0, 0, 0, NULL), /* 16 */
	};
	static const struct said want[] = {
		{ 1, "main creates the shared value counter: 1 owner",
		  "main 创建共享值 counter：1 个所有者" },
		{ 2, "main clones counter: 2 owners now", "main 克隆 counter：现在有 2 个所有者" },
		{ 9, "thread-2 tries to lock counter and must wait: thread-1 holds it",
		  "thread-2 尝试锁住 counter，但必须等待：thread-1 持有它" },
		{ 10, "thread-1 unlocks counter; thread-2, waiting for the lock, takes it now",
		  "thread-1 释放 counter；一直在等这把锁的 thread-2 现在拿到了它" },
		{ 11, "thread-2 gets counter from thread-1 and goes on",
		  "thread-2 从 thread-1 手中得到 counter，继续运行" },
		{ 12, "thread-1 drops counter: 1 owner left",
		  "thread-1 丢弃 counter：还剩 1 个所有者" },
		{ 13, "thread-2 unlocks counter; main is the next to take it",
		  "thread-2 释放 counter；接下来是 main 拿到它" },
		{ 16, "main drops counter, the last owner: the value is freed",
		  "main 丢弃 counter，它是最后一个所有者：值被释放" },
	};

	(void)state;
	CHECK(in, want);
}

/* 3.3: each thread holds one lock and waits for the other's; main joins one of them. */
static void test_3_3_deadlock(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, MUTEX_NEW, 3, 0, 0, 0, "A"),
		E(1, MAIN, MUTEX_NEW, 4, 0, 0, 0, "B"),
		E(2, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "thread-1"),
		E(3, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "thread-2"),
		E(4, MAIN, JOIN_BEGIN, 1, 0, 0, 0, NULL), /* 4 */
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "thread-1"),
		E(11, 101, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL),
		E(12, 101, MUTEX_LOCK_END, 3, 0, 0, 0, NULL),
		E(20, 102, THREAD_BEGIN, 2, 0, 0, 0, "thread-2"),
		E(21, 102, MUTEX_LOCK_BEGIN, 4, 0, 0, 0, NULL),
		E(22, 102, MUTEX_LOCK_END, 4, 0, 0, 0, NULL),
		E(30, 101, MUTEX_LOCK_BEGIN, 4, 0, 0, 0, NULL), /* 11 */
		E(31, 102, MUTEX_LOCK_BEGIN, 3, 0, 0, 0, NULL), /* 12 */
	};
	static const struct said want[] = {
		{ 4, "main joins thread-1: this wait never ends, as thread-1 is stuck waiting too",
		  "main join thread-1：这次等待永远不会结束，因为 thread-1 自己也卡在等待中" },
		{ 11,
		  "thread-1 tries to lock B, held by thread-2: this wait never ends — deadlock with thread-2",
		  "thread-1 尝试锁住被 thread-2 持有的 B：这次等待永远不会结束——与 thread-2 死锁" },
		{ 12,
		  "thread-2 tries to lock A, held by thread-1: this wait never ends — deadlock with thread-1",
		  "thread-2 尝试锁住被 thread-1 持有的 A：这次等待永远不会结束——与 thread-1 死锁" },
	};

	(void)state;
	CHECK(in, want);
}

/* 4.1: two threads read and write a counter without a lock; one write loses the other's. */
static void test_4_1_data_race(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, OBJ_NEW, 5, 0, 0, 0, "counter"), /* 0 */
		E(1, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "thread-1"),
		E(2, MAIN, THREAD_SPAWN, 2, 0, 0, 0, "thread-2"),
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "thread-1"),
		E(11, 102, THREAD_BEGIN, 2, 0, 0, 0, "thread-2"),
		E(20, 101, ACCESS, 5, 0, 0, CT_ACCESS_READ, NULL), /* 5 */
		E(21, 102, ACCESS, 5, 0, 0, CT_ACCESS_READ, NULL),
		E(22, 102, ACCESS, 5, 0, 1, CT_ACCESS_WRITE, NULL), /* 7 */
		E(23, 101, ACCESS, 5, 0, 1, CT_ACCESS_WRITE, NULL), /* 8: overwrites thread-2's */
	};
	static const struct said want[] = {
		{ 0, "main creates counter, which threads may share",
		  "main 创建 counter，多个线程可以共享它" },
		{ 5, "thread-1 reads counter: 0", "thread-1 读取 counter：0" },
		{ 7, "thread-2 writes counter = 1", "thread-2 写入 counter = 1" },
		{ 8,
		  "thread-1 writes counter = 1 over thread-2's write, which it never read: that update is lost",
		  "thread-1 写入 counter = 1，覆盖了它从未读到的 thread-2 的写入：那次更新丢失了" },
	};

	(void)state;
	CHECK(in, want);
}

/* Condition variables and semaphores: a signal and a post that wake a waiter, one lost. */
static void test_cond_and_sem(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, COND_NEW, 4, 0, 0, 0, "ready"),
		E(1, MAIN, SEM_NEW, 6, 0, 0, 0, "slots"), /* 1 */
		E(2, MAIN, THREAD_SPAWN, 1, 0, 0, 0, "waiter"),
		E(3, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL), /* 3: nobody waits */
		E(10, 101, THREAD_BEGIN, 1, 0, 0, 0, "waiter"),
		E(11, 101, COND_WAIT_BEGIN, 4, 0, 0, 0, NULL),   /* 5 */
		E(20, MAIN, COND_SIGNAL, 4, 0, 0, 0, NULL),      /* 6 */
		E(21, 101, COND_WAIT_END, 4, 0, 0, CT_OK, NULL), /* 7 */
		E(30, 101, SEM_WAIT_BEGIN, 6, 0, 0, 0, NULL),    /* 8 */
		E(40, MAIN, SEM_POST, 6, 0, 0, 0, NULL),         /* 9 */
		E(41, 101, SEM_WAIT_END, 6, 0, 0, CT_OK, NULL),  /* 10 */
	};
	static const struct said want[] = {
		{ 1, "main creates semaphore slots with 0 tokens",
		  "main 创建信号量 slots，初始有 0 个令牌" },
		{ 3, "main signals ready; nobody is waiting, so the signal is lost",
		  "main 通知 ready；没有线程在等待，这次通知丢失了" },
		{ 5, "waiter waits on ready, releasing its mutex until someone signals",
		  "waiter 在 ready 上等待，并释放互斥锁，直到有线程发出通知" },
		{ 6, "main signals ready; waiter, waiting on it, wakes",
		  "main 通知 ready；在上面等待的 waiter 被唤醒" },
		{ 7, "waiter is woken by main's signal and holds the mutex again",
		  "waiter 被 main 的通知唤醒，重新持有互斥锁" },
		{ 8, "waiter waits on slots: no token is left, so it blocks until main posts",
		  "waiter 等待 slots：没有剩余令牌，于是阻塞，直到 main 释放一个" },
		{ 9, "main posts slots; waiter, waiting for a token, wakes",
		  "main 释放 slots 的一个令牌；一直在等待令牌的 waiter 被唤醒" },
		{ 10, "waiter takes the token main posted and goes on",
		  "waiter 拿到 main 释放的令牌，继续运行" },
	};

	(void)state;
	CHECK(in, want);
}

/* Processes: a fork, the child's exec, the parent's wait that reaps it. */
static void test_processes(void **state)
{
	static const struct ct_model_input in[] = {
		P(0, 10, PROC_START, 1, 0, 0, CT_PROC_STARTED, "sh", "sh"),
		P(1, 10, PROC_FORK, 0, 1, 0, CT_PROC_VIA_FORK, NULL, "sh"),      /* 1 */
		P(2, 10, WAIT_BEGIN, 0, 0, 11, 0, NULL, "sh"),                   /* 2 */
		P(3, 11, PROC_START, 10, 1, 0, CT_PROC_FORKED, "sh", "sh"),      /* 3 */
		P(4, 11, PROC_START, 0, 0, 0, CT_PROC_EXEC, "writer", "writer"), /* 4 */
		P(5, 11, PROCESS_EXIT, 0, 0, 1, 0, NULL, "writer"),
		P(6, 10, WAIT_END, 11, 0, 0, CT_OK, NULL, "sh"), /* 6: exit 0 */
	};
	static const struct said want[] = {
		{ 1, "sh forks: process writer starts as a copy of it and runs alongside",
		  "sh 调用 fork：进程 writer 作为它的副本开始并发运行" },
		{ 2, "sh waits for a child process and blocks until writer ends",
		  "sh 等待子进程，阻塞直到 writer 结束" },
		{ 4, "writer now runs writer: the same process with a new program",
		  "writer 现在运行 writer：进程不变，程序换了" },
		{ 6, "sh reaps writer (exit 0) and goes on",
		  "sh 回收了 writer（exit 0），继续运行" },
	};

	(void)state;
	CHECK(in, want);
}

/* Every event type says something, and an index out of range says "no event". */
static void test_every_event_says_something(void **state)
{
	static const struct ct_model_input in[] = {
		E(0, MAIN, MARK, 0, 0, 0, 0, "phase 2"),
		E(1, MAIN, FUTEX_WAKE, 9, 0, 1, 0, NULL),
	};
	struct ct_model *m = test_model_build(in, 2);
	char buf[512];

	(void)state;
	use_english();
	assert_string_equal(ct_model_event_narrate(m, 0, buf, sizeof(buf)),
			    "main: mark \"phase 2\"");
	assert_string_equal(ct_model_event_narrate(m, 1, buf, sizeof(buf)),
			    "main: wakes up to 1 on futex 0x9");
	assert_string_equal(ct_model_event_narrate(m, 2, buf, sizeof(buf)), "no event");
	/* A short buffer gets a cut, terminated sentence. */
	assert_string_equal(ct_model_event_narrate(m, 0, buf, 5), "main");
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_1_1_spawn),
		cmocka_unit_test(test_1_2_join),
		cmocka_unit_test(test_2_1_channel),
		cmocka_unit_test(test_2_2_receiver_waits),
		cmocka_unit_test(test_2_3_producers),
		cmocka_unit_test(test_3_1_mutex),
		cmocka_unit_test(test_3_2_arc_mutex),
		cmocka_unit_test(test_3_3_deadlock),
		cmocka_unit_test(test_4_1_data_race),
		cmocka_unit_test(test_cond_and_sem),
		cmocka_unit_test(test_processes),
		cmocka_unit_test(test_every_event_says_something),
	};

	/* The catalogue of the build tree, bound as the command binds its installed one. */
	if (!bindtextdomain(CT_TEXTDOMAIN, CTRACE_LOCALE_DIR) ||
	    !bind_textdomain_codeset(CT_TEXTDOMAIN, "UTF-8"))
		return 1;
	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
