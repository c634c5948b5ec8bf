/* SPDX-License-Identifier: MIT */
/*
 * test_sockets.c - sockets carry arrows, end to end: the threaded echo
 * server and client of examples/ recorded in one trace through /bin/sh
 * (TCP and Unix stream sockets, UDP datagrams, all on loopback), and a
 * shell pipeline whose programs inherited their pipes across exec. Asserts
 * what the model draws: message arrows in both directions between the two
 * processes, the server's waits for a connection and for bytes as spans
 * named after the socket, the client's poll-like waits, and no findings.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis.h"
#include "itest.h"
#include "itest_model.h"
#include "model.h"

static const char *ctrace_bin;

/* Records `sh -c SCRIPT` into F's trace; the recording must succeed and lose nothing. */
static void record_sh(struct itest_fixture *f, const char *script)
{
	char *argv[] = {
		(char *)ctrace_bin, "record", "-o",           f->trace, "--timeout", "120", "--",
		"/bin/sh",          "-c",     (char *)script, NULL
	};

	itest_run(argv, NULL, &f->run);
	if (f->run.status != 0)
		print_error("ctrace record failed (%d):\n%s\n%s\n", f->run.status, f->run.out,
			    f->run.err);
	assert_int_equal(f->run.status, 0);
	assert_non_null(strstr(f->run.err, "0 events discarded"));
}

/* The pid of the process whose main lane is named NAME; fails the test if there is none. */
static uint32_t pid_named(const struct ct_model *m, const char *name)
{
	size_t n;
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n);

	for (size_t i = 0; i < n; i++)
		if (lanes[i].pid == lanes[i].tid &&
		    strcmp(ct_model_lane_name(m, (uint32_t)i), name) == 0)
			return lanes[i].pid;
	fail_msg("no process named %s", name);
	return 0;
}

/* The name of event EV's object ("" when none). */
static const char *obj_name(const struct ct_model *m, const struct ct_model_event *ev)
{
	size_t n;
	const struct ct_model_object *objs = ct_model_borrow_objects(m, &n);

	return ev->obj < n ? ct_model_string(m, objs[ev->obj].name) : "";
}

/* What the echo test found in the model. */
struct echo_seen {
	size_t to_server, to_client; /* message arrows from a write (send) to a read (receive) */
	size_t sends;                /* fd_write or dgram_send events */
	size_t accept_waits;         /* the server's connection spans on a named listening socket */
	size_t server_recv_waits;    /* the server's recv spans on a named connection */
	size_t client_poll_waits;    /* the client's poll spans */
};

static struct echo_seen echo_model(const char *trace, bool datagrams, const char *prefix)
{
	struct ct_model *m = itest_model_load(trace);
	struct echo_seen s = { 0 };
	size_t n_ev, n_arrows, n_spans, n_lanes, n_findings;
	const struct ct_model_event *ev = ct_model_borrow_events(m, &n_ev);
	const struct ct_model_arrow *arrows = ct_model_borrow_arrows(m, &n_arrows);
	const struct ct_model_span *spans = ct_model_borrow_spans(m, &n_spans);
	const struct ct_model_lane *lanes = ct_model_borrow_lanes(m, &n_lanes);
	uint32_t server = pid_named(m, "echo_server"), client = pid_named(m, "echo_client");
	enum ct_event_type send = datagrams ? CT_EV_DGRAM_SEND : CT_EV_FD_WRITE;
	enum ct_event_type recv = datagrams ? CT_EV_DGRAM_RECV : CT_EV_FD_READ;
	struct ct_analysis *a = NULL;

	for (size_t i = 0; i < n_ev; i++)
		s.sends += ev[i].type == send;
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];
		uint32_t fp = lanes[from->lane].pid, tp = lanes[to->lane].pid;

		if (from->type != send)
			continue;
		assert_int_equal(to->type, recv);
		assert_int_equal(ct_model_arrow_kind(m, &arrows[i]), CT_ARROW_MESSAGE);
		assert_int_equal(from->obj, to->obj);
		assert_true(ct_model_event_time(from) <= ct_model_event_time(to));
		s.to_server += fp == client && tp == server;
		s.to_client += fp == server && tp == client;
	}
	for (size_t i = 0; i < n_spans; i++) {
		const struct ct_model_event *b = &ev[spans[i].begin];
		enum ct_lane_state st = ct_model_span_state(m, &spans[i]);
		uint32_t pid = lanes[b->lane].pid;
		const char *name = obj_name(m, b);

		if (pid == server && st == CT_STATE_BLOCKED_CONNECT &&
		    b->type == CT_EV_ACCEPT_BEGIN && strncmp(name, prefix, strlen(prefix)) == 0)
			s.accept_waits++;
		if (pid == server && st == CT_STATE_BLOCKED_RECV &&
		    (b->type == CT_EV_FD_READ_BEGIN || b->type == CT_EV_DGRAM_RECV_BEGIN) &&
		    strncmp(name, prefix, strlen(prefix)) == 0)
			s.server_recv_waits++;
		if (pid == client && st == CT_STATE_BLOCKED_POLL && b->type == CT_EV_POLL_BEGIN)
			s.client_poll_waits++;
	}
	assert_int_equal(ct_analysis_run(m, &a), CT_MODEL_OK);
	ct_analysis_borrow_findings(a, &n_findings);
	assert_int_equal(n_findings, 0);
	ct_analysis_destroy(a);
	ct_model_destroy(m);
	return s;
}

/*
 * The server and the client in one trace, started by one shell; 3 client
 * threads send 5 lines each and read each echo (COUNT: the server's
 * connections, or its datagrams).
 */
static struct echo_seen record_echo(struct itest_fixture *f, const char *mode, int count,
				    const char *prefix)
{
	char *script, *addr;
	const char *dir = getenv("EXAMPLES_DIR");

	assert_true(asprintf(&addr, "%s/addr", f->tmp) > 0);
	assert_true(asprintf(&script,
			     "%s/echo_server %s %s %d & %s/echo_client %s %s 3 5; s=$?; wait $!; "
			     "exit $s",
			     dir, mode, addr, count, dir, mode, addr) > 0);
	record_sh(f, script);
	free(script);
	assert_non_null(strstr(f->run.out, "echo_client: 3 threads, 5 lines each, all echoed"));
	assert_non_null(strstr(f->run.err, "recorded 2 more processes"));
	free(addr);
	return echo_model(f->trace, strcmp(mode, "udp") == 0, prefix);
}

/*
 * A stream echo (MODE tcp or unix; its ids named PREFIX...): every line is
 * one send each way, each drawn as one arrow across the processes; the
 * server starts first, so its first accept waits for the client; the client
 * pauses between lines, so the server's threads wait in recv.
 */
static void assert_stream_echo(void **state, const char *mode, const char *prefix)
{
	struct echo_seen s = record_echo(*state, mode, 3, prefix);

	assert_int_equal(s.sends, 30);
	assert_int_equal(s.to_server, 15);
	assert_int_equal(s.to_client, 15);
	assert_true(s.accept_waits >= 1);
	assert_true(s.server_recv_waits >= 3);
	assert_true(s.client_poll_waits >= 1);
}

static void test_tcp_echo(void **state)
{
	assert_stream_echo(state, "tcp", "tcp 127.0.0.1:");
}

static void test_unix_echo(void **state)
{
	assert_stream_echo(state, "unix", "unix /");
}

static void test_udp_echo(void **state)
{
	struct echo_seen s = record_echo(*state, "udp", 15, "udp port ");

	assert_int_equal(s.sends, 30);
	assert_int_equal(s.to_server, 15);
	assert_int_equal(s.to_client, 15);
	assert_int_equal(s.accept_waits, 0);
	assert_true(s.server_recv_waits >= 1);
	assert_true(s.client_poll_waits >= 1);
}

/*
 * `cat FILE | cat | wc -c` run by the shell: the three programs inherited
 * their pipes across exec, and the bytes go from the first cat to the
 * second and on to wc, as arrows between three processes.
 */
static void test_shell_pipeline(void **state)
{
	struct itest_fixture *f = *state;
	char *script, *file;
	FILE *out;
	struct ct_model *m;
	size_t n_ev, n_arrows, n_lanes, n_writes = 0, n_msg = 0, procs = 0;
	const struct ct_model_event *ev;
	const struct ct_model_arrow *arrows;
	const struct ct_model_lane *lanes;
	uint32_t pids[2][2] = { { 0 } }; /* distinct (writer, reader) process pairs */
	uint64_t to_wc = 0;

	assert_true(asprintf(&file, "%s/input", f->tmp) > 0);
	out = fopen(file, "w");
	assert_non_null(out);
	for (int i = 0; i < 20000; i++)
		fprintf(out, "%d\n", i);
	assert_int_equal(fclose(out), 0);
	assert_true(asprintf(&script, "cat %s | cat | wc -c", file) > 0);
	record_sh(f, script);
	free(script);
	free(file);
	assert_int_equal(atoi(f->run.out), 108890);

	m = itest_model_load(f->trace);
	ev = ct_model_borrow_events(m, &n_ev);
	arrows = ct_model_borrow_arrows(m, &n_arrows);
	lanes = ct_model_borrow_lanes(m, &n_lanes);
	for (size_t i = 0; i < n_ev; i++)
		n_writes += ev[i].type == CT_EV_FD_WRITE;
	for (size_t i = 0; i < n_arrows; i++) {
		const struct ct_model_event *from = &ev[arrows[i].from], *to = &ev[arrows[i].to];
		uint32_t fp = lanes[from->lane].pid, tp = lanes[to->lane].pid;
		bool known = false;

		if (from->type != CT_EV_FD_WRITE)
			continue;
		n_msg++;
		assert_int_equal(to->type, CT_EV_FD_READ);
		assert_int_not_equal(fp, tp);
		for (size_t k = 0; k < procs; k++)
			known |= pids[k][0] == fp && pids[k][1] == tp;
		if (!known) {
			assert_true(procs < 2);
			pids[procs][0] = fp;
			pids[procs][1] = tp;
			procs++;
		}
		if (strcmp(ct_model_lane_name(m, to->lane), "wc") == 0)
			to_wc += (uint64_t)ct_model_event_value(m, from);
	}
	/* Every write is read; cat -> cat and cat -> wc, a chain of three processes. */
	assert_true(n_writes >= 2);
	assert_int_equal(n_msg, n_writes);
	assert_int_equal(procs, 2);
	assert_int_equal(pids[0][1], pids[1][0]);
	assert_int_equal(to_wc, 108890);
	ct_model_destroy(m);
}

/*
 * A writer that fills the pipe waits for room: `cat FILE | (sleep 0.3; cat
 * >/dev/null)` with 400 KB in FILE. The first cat's lane has a "blocked:
 * send" span (fd_write_wait_begin to its end) of at least 200 ms, ended with
 * everything written, and the shell's own lane has none.
 */
static void test_write_waits_for_room(void **state)
{
	struct itest_fixture *f = *state;
	char *script, *file;
	FILE *out;
	struct ct_model *m;
	size_t n_spans, n_ev;
	const struct ct_model_span *spans;
	const struct ct_model_event *ev;
	uint64_t longest = 0, written = 0;

	assert_true(asprintf(&file, "%s/input", f->tmp) > 0);
	out = fopen(file, "w");
	assert_non_null(out);
	for (int i = 0; i < 4000; i++)
		fprintf(out, "%099d\n", i);
	assert_int_equal(fclose(out), 0);
	assert_true(asprintf(&script, "cat %s | (sleep 0.3; cat >/dev/null)", file) > 0);
	record_sh(f, script);
	free(script);
	free(file);

	m = itest_model_load(f->trace);
	spans = ct_model_borrow_spans(m, &n_spans);
	ev = ct_model_borrow_events(m, &n_ev);
	for (size_t i = 0; i < n_spans; i++) {
		const struct ct_model_event *b = &ev[spans[i].begin];
		uint64_t d;

		if (b->type != CT_EV_FD_WRITE_WAIT_BEGIN)
			continue;
		assert_int_equal(ct_model_span_state(m, &spans[i]), CT_STATE_BLOCKED_SEND);
		assert_string_equal(ct_model_lane_name(m, b->lane), "cat");
		assert_int_not_equal(spans[i].end, CT_MODEL_NONE);
		assert_int_equal(ev[spans[i].end].type, CT_EV_FD_WRITE_WAIT_END);
		assert_int_equal(ev[spans[i].end].status, CT_OK);
		written += (uint64_t)ct_model_event_value(m, &ev[spans[i].end]);
		d = ct_model_span_end(m, &spans[i]) - ct_model_span_start(m, &spans[i]);
		if (d > longest)
			longest = d;
	}
	assert_true(longest >= 200000000u);
	assert_true(written > 0 && written <= 400000);
	ct_model_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcp_echo, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unix_echo, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_udp_echo, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_shell_pipeline, itest_fixture_setup,
						itest_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_write_waits_for_room, itest_fixture_setup,
						itest_fixture_teardown),
	};

	ctrace_bin = getenv("CTRACE_BIN");
	if (!ctrace_bin || !getenv("EXAMPLES_DIR")) {
		fprintf(stderr, "test_sockets: run through ctest (CTRACE_BIN, EXAMPLES_DIR)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
