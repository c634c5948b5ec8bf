/* SPDX-License-Identifier: MIT */
/*
 * shim.c - libctrace-preload.so's set-up: resolving the real functions, the
 * code ranges whose calls are never recorded, and the constructor.
 *
 * Which calls are recorded. A call reaches an interposer from the program,
 * from libctrace, from LTTng-UST, or from the shim itself (through LTTng-UST
 * while it emits). Only the first kind is recorded:
 *  - the shim raises a thread-local guard around everything it calls that may
 *    come back (CT_SHIM_EMIT, fork);
 *  - libctrace raises its exported thread-local ct__quiet around its own
 *    pthread calls, because it records those operations itself;
 *  - LTTng-UST (and libctrace, see collect_range) is recognised by the
 *    caller's address: the code ranges of its libraries are collected once,
 *    in the constructor, so the check is a few comparisons and needs neither
 *    dladdr (which takes the loader's lock) nor cooperation from LTTng-UST.
 *    Its listener threads run only its own code, so their locks, sleeps and
 *    the threads themselves never become events (without this check they
 *    do, and a program deadlocks: the listener's locks would emit events
 *    while LTTng-UST registers). Those libraries are all loaded before this
 *    constructor runs: they are dependencies of libctrace, which this
 *    library links.
 */
#include "shim.h"
#include "fdio.h"

#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"

void *_Atomic ct_shim_real_table[CT_REAL_COUNT];
__thread struct ct_shim_tls ct_shim_tls __attribute__((tls_model("initial-exec")));
atomic_bool ct_shim_ready;
struct ct_shim_range ct_shim_ranges[CT_SHIM_MAX_RANGES];
unsigned ct_shim_nranges;

static const struct {
	const char *name;
	const char *version;
} real_names[CT_REAL_COUNT] = {
#define CT_SHIM_NAME(name, version) [CT_REAL_##name] = { #name, version },
	CT_SHIM_REAL_FUNCS(CT_SHIM_NAME)
#undef CT_SHIM_NAME
};

/*
 * Calls nobody can forward: the real function is being looked up on this
 * thread and the lookup itself came back here (an allocator that locks a
 * pthread mutex while dlsym allocates). glibc's dlsym does not allocate on
 * success, so this is a last resort that fails the call instead of recursing.
 */
static int unavailable(void)
{
	return EAGAIN;
}

/*
 * The one place that looks real functions up. Thread-safe: racing threads
 * store the same pointer. Uses dlvsym where glibc keeps two versions of a
 * function, because plain dlsym may return the old one.
 */
void *ct_shim_resolve(enum ct_shim_real index)
{
	static __thread bool resolving __attribute__((tls_model("initial-exec")));
	void *fn = NULL;

	if (resolving)
		return (void *)unavailable;
	resolving = true;
	if (real_names[index].version)
		fn = dlvsym(RTLD_NEXT, real_names[index].name, real_names[index].version);
	if (!fn)
		fn = dlsym(RTLD_NEXT, real_names[index].name);
	resolving = false;
	if (!fn)
		return (void *)unavailable;
	atomic_store_explicit(&ct_shim_real_table[index], fn, memory_order_relaxed);
	return fn;
}

/* Whether the object named NAME is part of LTTng-UST (and not a wrapper of the program's calls). */
static bool is_lttng_ust(const char *name)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (strncmp(base, "liblttng-ust", 12) != 0 && strncmp(base, "liburcu", 7) != 0)
		return false;
	/* LTTng's pthread wrapper forwards the program's own calls. */
	return strncmp(base, "liblttng-ust-pthread-wrapper", 28) != 0;
}

/* Whether the object INFO maps the code at ADDR. */
static bool object_has(const struct dl_phdr_info *info, uintptr_t addr)
{
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && addr - lo < ph->p_memsz)
			return true;
	}
	return false;
}

static int collect_range(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	/*
	 * libctrace too, as a second line of defence behind ct__quiet: a pthread
	 * call added to libctrace without CT_QUIET is still not counted twice.
	 * ct__quiet stays the rule, because a call made on libctrace's behalf
	 * from elsewhere (a tail call, libc) has no libctrace return address.
	 */
	if (!(info->dlpi_name && is_lttng_ust(info->dlpi_name)) &&
	    !object_has(info, (uintptr_t)ct_id_new))
		return 0;
	for (unsigned i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if (ct_shim_nranges == CT_SHIM_MAX_RANGES)
			return 1;
		ct_shim_ranges[ct_shim_nranges].lo = info->dlpi_addr + ph->p_vaddr;
		ct_shim_ranges[ct_shim_nranges].hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		ct_shim_nranges++;
	}
	return 0;
}

/*
 * Runs after the constructors of libctrace and LTTng-UST (dependencies are
 * initialised first) and before the program's own. Calls made earlier pass
 * straight through.
 */
__attribute__((constructor)) static void shim_init(void)
{
	ct_shim_tls.guard++;
	for (int i = 0; i < CT_REAL_COUNT; i++)
		ct_shim_real((enum ct_shim_real)i);
	/* The recorder's warm-up (announce.h): registered by LTTng-UST, nothing more. */
	if (getenv(CT_WARMUP_ENV)) {
		ct__exit_unrecorded();
		ct_shim_tls.guard--;
		return;
	}
	dl_iterate_phdr(collect_range, NULL);
	ct_shim_threads_init();
	ct_shim_fork_init();
	ct_fd_adopt_inherited();
	ct_shim_symbols_init();
	ct_shim_tls.guard--;
	atomic_store_explicit(&ct_shim_ready, true, memory_order_release);
	/* The process's (or new program's) first event, once it is announced and ready. */
	ct_shim_procs_init();
}

/*
 * Runs before LTTng-UST's destructor (the reverse order), so its tear-down
 * (cancelling its threads, taking its locks) is never recorded.
 */
__attribute__((destructor)) static void shim_fini(void)
{
	atomic_store_explicit(&ct_shim_ready, false, memory_order_relaxed);
}
