/* SPDX-License-Identifier: MIT */
/* emit.c - the private entry points through which the LD_PRELOAD shim emits events. */
#include "emit.h"
#include "internal.h"

__thread unsigned ct__quiet __attribute__((tls_model("initial-exec")));

void ct__emit_thread_spawn(uint64_t thread, const char *name)
{
	ct__watch_exit();
	CT_EVENT(thread_spawn, thread, ct__str(name));
}

void ct__emit_thread_begin(uint64_t thread, const char *name)
{
	ct__thread_adopt(thread);
	CT_EVENT(thread_begin, thread, ct__str(name));
}

void ct__emit_thread_end(uint64_t thread)
{
	CT_EVENT(thread_end, thread);
}

void ct__emit_thread_name(uint64_t thread, const char *name)
{
	CT_EVENT(thread_name, thread, ct__str(name));
}

void ct__emit_join_begin(uint64_t thread)
{
	CT_EVENT(join_begin, thread);
}

void ct__emit_join_end(uint64_t thread)
{
	CT_EVENT(join_end, thread);
}

void ct__emit_mutex_new(uint64_t mutex, const char *name)
{
	CT_EVENT(mutex_new, mutex, ct__str(name));
}

void ct__emit_mutex_lock_begin(uint64_t mutex)
{
	CT_EVENT(mutex_lock_begin, mutex);
}

void ct__emit_mutex_lock_end(uint64_t mutex)
{
	CT_EVENT(mutex_lock_end, mutex);
}

void ct__emit_mutex_unlock(uint64_t mutex)
{
	CT_EVENT(mutex_unlock, mutex);
}

void ct__emit_cond_new(uint64_t cond, const char *name)
{
	CT_EVENT(cond_new, cond, ct__str(name));
}

void ct__emit_cond_wait_begin(uint64_t cond, uint64_t mutex)
{
	CT_EVENT(cond_wait_begin, cond, mutex);
}

void ct__emit_cond_wait_end(uint64_t cond, uint64_t mutex, int status)
{
	CT_EVENT(cond_wait_end, cond, mutex, status);
}

void ct__emit_cond_signal(uint64_t cond, uint64_t mutex)
{
	CT_EVENT(cond_signal, cond, mutex);
}

void ct__emit_cond_broadcast(uint64_t cond, uint64_t mutex)
{
	CT_EVENT(cond_broadcast, cond, mutex);
}

void ct__emit_sem_new(uint64_t sem, int64_t value, const char *name)
{
	CT_EVENT(sem_new, sem, value, ct__str(name));
}

void ct__emit_sem_wait_begin(uint64_t sem)
{
	CT_EVENT(sem_wait_begin, sem);
}

void ct__emit_sem_wait_end(uint64_t sem, int status)
{
	CT_EVENT(sem_wait_end, sem, status);
}

void ct__emit_sem_post(uint64_t sem)
{
	CT_EVENT(sem_post, sem);
}

void ct__emit_fd_write(uint64_t stream, uint64_t offset, uint64_t len)
{
	CT_EVENT(fd_write, stream, offset, len);
}

void ct__emit_fd_read_begin(uint64_t stream, uint64_t offset, uint64_t len)
{
	CT_EVENT(fd_read_begin, stream, offset, len);
}

void ct__emit_fd_read(uint64_t stream, uint64_t offset, uint64_t len)
{
	CT_EVENT(fd_read, stream, offset, len);
}

void ct__emit_mq_send(uint64_t queue, uint64_t hash, uint64_t len, unsigned prio)
{
	CT_EVENT(mq_send, queue, hash, len, prio);
}

void ct__emit_mq_send_begin(uint64_t queue)
{
	CT_EVENT(mq_send_begin, queue);
}

void ct__emit_mq_send_end(uint64_t queue, int status)
{
	CT_EVENT(mq_send_end, queue, status);
}

void ct__emit_mq_recv_begin(uint64_t queue)
{
	CT_EVENT(mq_recv_begin, queue);
}

void ct__emit_mq_recv(uint64_t queue, uint64_t hash, uint64_t len, unsigned prio, int status)
{
	CT_EVENT(mq_recv, queue, hash, len, prio, status);
}

void ct__emit_sleep_begin(uint64_t ns)
{
	CT_EVENT(sleep_begin, ns);
}

void ct__emit_sleep_end(uint64_t ns)
{
	CT_EVENT(sleep_end, ns);
}
