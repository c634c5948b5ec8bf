/* SPDX-License-Identifier: MIT */
/*
 * test_sites.c - call sites in the model: one 32-bit index per event into
 * a table of distinct (process, address) pairs, none at all for a trace
 * without sites, each site tied to the binary that maps it; and source.c
 * resolving a real return address of this test to this file and line.
 */
#define _GNU_SOURCE
#include <link.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model.h"
#include "source.h"

#define MAIN 100

/* clang-format off */
#define E(t_, pid_, type_, id_, caller_) \
	{ .type = CT_EV_##type_, .time = (t_), .pid = (pid_), .tid = (pid_), .procname = "prog", \
	  .id = (id_), .caller = (caller_) }
/* clang-format on */

static struct ct_model *build(const struct ct_model_input *in, size_t n,
			      void (*more)(struct ct_model_builder *b))
{
	struct ct_model_builder *b = ct_model_builder_create();
	struct ct_model *m = NULL;

	assert_non_null(b);
	if (more)
		more(b);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ct_model_builder_add(b, &in[i]), CT_MODEL_OK);
	assert_int_equal(ct_model_builder_finish(b, &m), CT_MODEL_OK);
	ct_model_builder_destroy(b);
	return m;
}

static void two_binaries(struct ct_model_builder *b)
{
	assert_int_equal(ct_model_builder_add_binary(b, MAIN, 0x1000, 0x1000, "/bin/prog"),
			 CT_MODEL_OK);
	assert_int_equal(ct_model_builder_add_binary(b, 200, 0x1000, 0x1000, "/bin/other"),
			 CT_MODEL_OK);
}

/* Same address in one process: one site; in another process: another; 0: none. */
static void test_sites_deduplicated_per_process(void **state)
{
	static const struct ct_model_input in[] = {
		E(10, MAIN, MUTEX_NEW, 1, 0x1100),     E(20, MAIN, MUTEX_LOCK_END, 1, 0x1200),
		E(30, MAIN, MUTEX_UNLOCK, 1, 0),       E(40, MAIN, MUTEX_LOCK_END, 1, 0x1200),
		E(50, 200, MUTEX_LOCK_END, 1, 0x1200), E(60, MAIN, MUTEX_UNLOCK, 1, 0x9000),
	};
	struct ct_model *m = build(in, 6, two_binaries);
	size_t n_sites, n_bins;
	const struct ct_model_site *sites = ct_model_borrow_sites(m, &n_sites);
	const struct ct_model_binary *bins = ct_model_borrow_binaries(m, &n_bins);

	(void)state;
	assert_int_equal(n_sites, 5); /* "none" and four distinct (pid, address) */
	assert_int_equal(n_bins, 2);
	assert_string_equal(ct_model_string(m, bins[1].path), "/bin/other");
	assert_int_equal(ct_model_event_site(m, 0), 1);
	assert_int_equal(ct_model_event_site(m, 1), 2);
	assert_int_equal(ct_model_event_site(m, 2), 0);
	assert_int_equal(ct_model_event_site(m, 3), 2);
	assert_int_equal(ct_model_event_site(m, 4), 3);
	assert_int_equal(ct_model_event_site(m, 5), 4);
	assert_int_equal(ct_model_event_site(m, 6), 0); /* past the end */
	assert_int_equal(sites[2].addr, 0x1200);
	assert_int_equal(sites[2].pid, MAIN);
	assert_int_equal(sites[3].pid, 200);
	/* Each site knows its process's binary; 0x9000 is in none. */
	assert_int_equal(sites[1].binary, 0);
	assert_int_equal(sites[3].binary, 1);
	assert_int_equal(sites[4].binary, CT_MODEL_NONE);
	ct_model_destroy(m);
}

/* Sites cost 4 bytes an event plus the table; a trace without any costs nothing. */
static void test_sites_memory(void **state)
{
	enum { N = 1000 };
	struct ct_model_input with[N], without[N];
	struct ct_model *a, *b;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		with[i] = (struct ct_model_input)E(10 * i, MAIN, MUTEX_LOCK_END, 1,
						   i % 2 ? 0x1200 : 0x1300);
		without[i] = with[i];
		without[i].caller = 0;
	}
	a = build(with, N, NULL);
	b = build(without, N, NULL);
	assert_int_equal(ct_model_memory_size(a) - ct_model_memory_size(b),
			 N * sizeof(uint32_t) + 3 * sizeof(struct ct_model_site));
	assert_int_equal(ct_model_event_site(b, 5), 0);
	ct_model_destroy(a);
	ct_model_destroy(b);
}

/* Where this test's own executable is loaded: the first object dl_iterate_phdr lists. */
static int find_self(struct dl_phdr_info *info, size_t size, void *data)
{
	uint64_t *range = data;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (!range[0])
			range[0] = info->dlpi_addr + ph->p_vaddr;
		range[1] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz - range[0];
	}
	return 1;
}

static __attribute__((noinline)) uintptr_t return_address(void)
{
	return (uintptr_t)__builtin_extract_return_addr(__builtin_return_address(0));
}

static uint64_t self_base, self_size;

static void self_binary(struct ct_model_builder *b)
{
	char path[4096];
	ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);

	assert_true(len > 0);
	path[len] = '\0';
	assert_int_equal(ct_model_builder_add_binary(b, MAIN, self_base, self_size, path),
			 CT_MODEL_OK);
}

/* A real return address of this position-independent test resolves to this line. */
static void test_resolves_own_line(void **state)
{
	uint64_t range[2] = { 0, 0 };
	/* The call and __LINE__ on one line: the site is this line. */
	/* clang-format off */
	uintptr_t here = return_address(); int line = __LINE__;
	/* clang-format on */
	struct ct_model_input in[] = { E(10, MAIN, MARK, 0, here), E(20, MAIN, MARK, 0, 0x10) };
	struct ct_model *m;
	struct ct_source *src;
	struct ct_source_loc loc;
	char buf[256];

	(void)state;
	dl_iterate_phdr(find_self, range);
	self_base = range[0];
	self_size = range[1];
	m = build(in, 2, self_binary);
	src = ct_source_new(m);
	assert_non_null(src);
	assert_true(ct_source_lookup(src, ct_model_event_site(m, 0), &loc));
	assert_non_null(loc.function);
	assert_string_equal(loc.function, "test_resolves_own_line");
	if (!loc.file)
		skip(); /* built without -g */
	assert_string_equal(loc.file, "test_sites.c");
	assert_int_equal(loc.line, line);
	assert_true(ct_source_format(src, ct_model_event_site(m, 0), true, buf, sizeof(buf)));
	snprintf(buf + 128, 64, "test_sites.c:%d", line);
	assert_string_equal(buf, buf + 128);
	/* Outside every binary, and no site at all. */
	assert_true(ct_source_lookup(src, ct_model_event_site(m, 1), &loc));
	assert_null(loc.file);
	assert_string_equal(loc.why, "binary not known");
	assert_false(ct_source_lookup(src, 0, &loc));
	ct_source_destroy(src);
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sites_deduplicated_per_process),
		cmocka_unit_test(test_sites_memory),
		cmocka_unit_test(test_resolves_own_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
