/* SPDX-License-Identifier: MIT */
/* catalogue.c - the table of the chapter's scenarios and lookups by id or section. */
#include "catalogue.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

/*
 * In chapter order. Titles are those of shared/SCENARIOS.md; 1.3b has no row
 * of its own there (it is the second variant of 1.3), so its titles are ours.
 * The lessons are N_()-marked (po/zh_CN.po translates them): whoever shows
 * one passes it through _().
 */
static const struct ct_scenario_info scenarios[] = {
	{
		.id = "1.1",
		.title_zh = "使用 spawn 创建新线程",
		.title_en = "Creating a new thread with spawn",
		.listing = "16-1",
		.lesson =
			N_("When main returns the process ends, and the spawned thread is cut off "
			   "mid-loop."),
		.expect =
			N_("Two lanes alternating, with a spawn arrow from main to the child. The "
			   "spawned lane is cut off when main returns, before it reaches 9 (no "
			   "thread_end event for it, no join)."),
		.explore =
			N_("20 runs at --speed 20: 15 interleavings; the spawned thread got 0 to 9 "
			   "of its lines out before main ended it (3 to 5 in most runs), and check "
			   "finds it unjoined in every run."),
		.program = "scenario-1.1",
	},
	{
		.id = "1.2",
		.title_zh = "使用 join 等待所有线程结束",
		.title_en = "Waiting for all threads with join handles",
		.listing = "16-2",
		.lesson =
			N_("join makes main wait for the spawned thread, so all nine of its lines "
			   "appear."),
		.expect = N_("The spawned lane runs to i=9. Main's lane is blocked in join "
			     "(join_begin) until the child ends, and a join arrow goes from the "
			     "child's end (thread_end) to main (join_end)."),
		.explore = N_(
			"20 runs at --speed 20: 10 orders of the two threads' lines, and in every "
			"one the spawned thread prints all nine."),
		.star = true,
		.program = "scenario-1.2",
	},
	{
		.id = "1.2b",
		.title_zh = "join 放在前面",
		.title_en = "join before main's loop",
		.listing = "16-2 variant",
		.lesson = N_("Where you join matters: joining before main's loop removes all "
			     "interleaving."),
		.expect = N_("No interleaving: all 9 spawned lines, then main's 4; main is blocked "
			     "in join while the child runs."),
		.explore =
			N_("20 runs at --speed 20: one interleaving and one outcome; joining first "
			   "leaves nothing to vary."),
		.program = "scenario-1.2b",
	},
	{
		.id = "1.3",
		.title_zh = "在线程中使用 move 闭包",
		.title_en = "move closures with threads",
		.listing = "16-3, 16-4, 16-5",
		.lesson =
			N_("move hands ownership of the vector to the spawned thread; main cannot "
			   "touch it any more."),
		.expect = N_(
			"An ownership-transfer (move) marker from main to the child, recorded "
			"before the child starts; the child uses the vector, prints it and drops "
			"it."),
		.explore = N_("20 runs at --speed 20: one interleaving and one outcome; one thread "
			      "prints, nothing races."),
		.star = true,
		.program = "scenario-1.3",
	},
	{
		.id = "1.3b",
		.title_zh = "不用 move：主线程丢弃仍在使用的向量",
		.title_en = "Without move: main drops the vector the thread still uses",
		.listing = "16-4, done in C",
		.lesson =
			N_("Without move, main can drop the vector while the thread still uses it; "
			   "Rust refuses to compile this."),
		.expect =
			N_("Main drops the vector (obj_drop) while the child has not used it yet; "
			   "the child's later use (access, kind use) is a use after drop, flagged "
			   "in red instead of silently reading freed memory."),
		.explore =
			N_("20 runs at --speed 20: one interleaving, and check finds the use after "
			   "drop in every run."),
		.program = "scenario-1.3b",
	},
	{
		.id = "2.1",
		.title_zh = "创建通道",
		.title_en = "Creating a channel",
		.listing = "16-6, 16-7, 16-8",
		.lesson =
			N_("recv blocks until a message arrives; the message travels from the send "
			   "to the receive."),
		.expect = N_("Main's lane blocked in recv (chan_recv_begin) until the message "
			     "arrives; one message arrow from send to receive (chan_send_end and "
			     "chan_recv_end with the same msg id, labelled \"hi\")."),
		.explore =
			N_("20 runs at --speed 20: one interleaving; one message to one receiver "
			   "cannot arrive in another order."),
		.program = "scenario-2.1",
	},
	{
		.id = "2.2",
		.title_zh = "发送多个值并观察接收者等待",
		.title_en = "Sending multiple values, receiver waiting",
		.listing = "16-10",
		.lesson =
			N_("The receiver waits between messages, and its loop ends when the sender "
			   "is dropped."),
		.expect = N_(
			"Four message arrows, main blocked in recv between them; the loop ends "
			"when the sender is dropped (chan_sender_drop, then a chan_recv_end with "
			"status disconnected)."),
		.explore =
			N_("20 runs at --speed 20: one interleaving; one sender's messages always "
			   "arrive in the order sent."),
		.program = "scenario-2.2",
	},
	{
		.id = "2.3",
		.title_zh = "通过克隆发送者创建多个生产者",
		.title_en = "Multiple producers by cloning the transmitter",
		.listing = "16-11",
		.lesson = N_("Two cloned senders feed one receiver; how their messages interleave "
			     "changes from run to run."),
		.expect =
			N_("Three lanes; eight message arrows from two producers converging on "
			   "main's lane, in an order that depends on the run (8 chan_send_end and "
			   "8 ok chan_recv_end, paired one to one by msg id)."),
		.explore =
			N_("20 runs at --speed 20: 8 arrival orders of the eight messages; each "
			   "producer's words always arrive in the order it sent them, how the two "
			   "producers' words interleave varies."),
		.star = true,
		.program = "scenario-2.3",
	},
	{
		.id = "3.1",
		.title_zh = "Mutex 的 API",
		.title_en = "The API of Mutex<T>",
		.listing = "16-12",
		.lesson =
			N_("The value inside a mutex can only be reached between lock and unlock."),
		.expect = N_("Lock and unlock on one lane, with the value change recorded between "
			     "them (an access write of 6 on the mutex)."),
		.explore = N_(
			"20 runs at --speed 20: one interleaving (one thread, one lock) and m = 6 "
			"every time."),
		.program = "scenario-3.1",
	},
	{
		.id = "3.2",
		.title_zh = "在多线程间共享 Mutex",
		.title_en = "Sharing a Mutex between threads (Arc)",
		.listing = "16-13, 16-14, 16-15",
		.lesson = N_("Threads take turns holding the lock, and the Arc's count rises to 11 "
			     "and falls back to 0."),
		.expect = N_("Eleven lanes; lock waits (mutex_lock_begin) and hand-off arrows from "
			     "an unlock to the next holder; the reference count rising to 11 "
			     "(arc_clone) and falling back to 0 (arc_drop)."),
		.explore = N_(
			"20 runs at --speed 20: 16 orders in which the ten threads took the lock, "
			"and Result: 10 in every one."),
		.star = true,
		.program = "scenario-3.2",
	},
	{
		.id = "3.3",
		.title_zh = "死锁",
		.title_en = "Deadlock",
		.listing = "section 3: Mutex risks deadlock",
		.lesson =
			N_("Locking two mutexes in opposite orders leaves each thread waiting for "
			   "the other forever."),
		.expect = N_("The run is ended after a timeout; both threads end blocked for ever "
			     "(each lane's last event a mutex_lock_begin on the mutex the other "
			     "holds), the wait-for cycle A->B->A highlighted."),
		.explore =
			N_("20 runs at --speed 20: all 20 deadlock (check finds the cycle, the run "
			   "hangs until its timeout)."),
		.program = "scenario-3.3",
		.timeout_s = 3.0,
		.hangs = true,
	},
	{
		.id = "4.1",
		.title_zh = "Send 与 Sync：没有它们会怎样",
		.title_en = "What Send and Sync prevent: a data race",
		.listing = "section 4",
		.lesson = N_("Unsynchronised read-modify-write lets threads overwrite each other's "
			     "updates: increments are lost."),
		.expect =
			N_("The read/write windows that overwrote updates they never read, marked "
			   "on the timeline (10000 access reads and 10000 writes); `ctrace check` "
			   "counts as many lost updates as the result falls short of 10000."),
		.explore =
			N_("20 runs at --speed 20: 15 outcomes, Result from 2423 to 10000 (5 runs "
			   "lost nothing); check counts the lost updates of each."),
		.star = true,
		.program = "scenario-4.1",
	},
	{
		.id = "4.2",
		.title_zh = "原子类型",
		.title_en = "The fix with atomics",
		.listing = "section 4",
		.lesson = N_("An atomic add cannot be interleaved: every increment counts."),
		.expect = N_("No lost updates: 10000 access writes storing each value from 1 to "
			     "10000 exactly once."),
		.explore =
			N_("20 runs at --speed 20: one outcome, Result: 10000 and no lost update, "
			   "every time."),
		.program = "scenario-4.2",
	},
};

#define N_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

size_t ct_catalogue_count(void)
{
	return N_SCENARIOS;
}

const struct ct_scenario_info *ct_catalogue_at(size_t i)
{
	return i < N_SCENARIOS ? &scenarios[i] : NULL;
}

/* True when S is a non-empty run of decimal digits: a section number. */
static bool is_section(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

const struct ct_scenario_info *ct_catalogue_find(const char *id)
{
	const struct ct_scenario_info *found = NULL;
	size_t section_len;

	if (!id)
		return NULL;
	for (size_t i = 0; i < N_SCENARIOS; i++)
		if (strcasecmp(scenarios[i].id, id) == 0)
			return &scenarios[i];
	if (!is_section(id))
		return NULL;
	/* Section N: the last ★ whose id starts with "N.", in chapter order. */
	section_len = strlen(id);
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		const char *sid = scenarios[i].id;

		if (scenarios[i].star && strncmp(sid, id, section_len) == 0 &&
		    sid[section_len] == '.')
			found = &scenarios[i];
	}
	return found;
}

/*
 * The chapter's listings in Rust, in order. Those rustc refuses are kept as
 * rows without a program, so `ctrace scenarios` and `ctrace scenario 16-14`
 * can say so and name the listing the book arrives at instead.
 */
static const struct ct_rust_listing rust_listings[] = {
	{ "16-1", "1.1", "listing-16-01", N_("spawn without join: the thread is cut off") },
	{ "16-2", "1.2", "listing-16-02", N_("join at the end") },
	{ "16-2b", "1.2b", "listing-16-02b", N_("join before main's loop (in the book's text)") },
	{ "16-3", NULL, NULL, N_("does not compile: the closure borrows v (16-5 fixes it)") },
	{ "16-4", NULL, NULL, N_("does not compile: main drops v the thread borrows (16-5)") },
	{ "16-5", "1.3", "listing-16-05", N_("a move closure takes the vector") },
	{ "16-6", NULL, NULL, N_("does not compile alone: the channel's type is unknown (16-7)") },
	{ "16-7", NULL, "listing-16-07", N_("the thread sends \"hi\"; nobody receives yet") },
	{ "16-8", "2.1", "listing-16-08", N_("main receives \"hi\"") },
	{ "16-9", NULL, NULL, N_("does not compile: val is used after send moved it") },
	{ "16-10", "2.2", "listing-16-10", N_("four messages, the receiver waiting") },
	{ "16-11", "2.3", "listing-16-11", N_("two producers through a cloned sender") },
	{ "16-12", "3.1", "listing-16-12", N_("the Mutex API") },
	{ "16-13", NULL, NULL, N_("does not compile: the Mutex moves into ten closures (16-15)") },
	{ "16-14", NULL, NULL, N_("does not compile: Rc is not Send (16-15)") },
	{ "16-15", "3.2", "listing-16-15", N_("Arc<Mutex<i32>>: ten threads, Result: 10") },
	{ NULL, "3.3", "rust-3.3",
	  N_("not a listing: the chapter's deadlock warning, as two Mutexes") },
	{ NULL, "4.2", "rust-4.2", N_("not a listing: section 16-4's fix with an AtomicUsize") },
};

#define N_RUST (sizeof(rust_listings) / sizeof(rust_listings[0]))

size_t ct_catalogue_rust_count(void)
{
	return N_RUST;
}

const struct ct_rust_listing *ct_catalogue_rust_at(size_t i)
{
	return i < N_RUST ? &rust_listings[i] : NULL;
}

const struct ct_rust_listing *ct_catalogue_rust_for(const struct ct_scenario_info *s)
{
	for (size_t i = 0; s && i < N_RUST; i++)
		if (rust_listings[i].program && rust_listings[i].scenario &&
		    strcmp(rust_listings[i].scenario, s->id) == 0)
			return &rust_listings[i];
	return NULL;
}

/* Whether listing name L ("16-2b") is ID, where ID may write the number with leading zeros. */
static bool same_listing(const char *l, const char *id)
{
	char *end;
	unsigned long n;

	if (strncmp(id, "16-", 3) != 0 || id[3] < '0' || id[3] > '9')
		return false;
	n = strtoul(id + 3, &end, 10);
	return strtoul(l + 3, NULL, 10) == n &&
	       strcasecmp(l + 3 + strspn(l + 3, "0123456789"), end) == 0;
}

const struct ct_rust_listing *ct_catalogue_rust_find(const char *id)
{
	for (size_t i = 0; id && i < N_RUST; i++)
		if (rust_listings[i].listing && same_listing(rust_listings[i].listing, id))
			return &rust_listings[i];
	return NULL;
}

bool ct_catalogue_rust_built(void)
{
#ifdef CTRACE_HAVE_RUSTC
	return true;
#else
	return false;
#endif
}
