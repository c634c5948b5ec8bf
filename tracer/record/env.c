/* SPDX-License-Identifier: MIT */
/*
 * env.c - the program's environment: LTTng-UST's settings, and the
 * LD_PRELOAD of the shim with LTTng's fork and fd helpers, or a note that
 * says why the shim cannot apply.
 */
#define _GNU_SOURCE /* asprintf */
#include "recording.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "announce.h"

/* Environment of the process, for building the child's (POSIX: declared by no header). */
extern char **environ;

/*
 * LTTng-UST's settings that ctrace chooses unless the user has set them:
 *  - how long (ms) the traced program's lttng-ust constructor waits for the
 *    session daemon to finish registering it. The default (3 s) can run out
 *    on a loaded machine, and then the program's first events are lost; a
 *    longer but bounded wait keeps them.
 *  - no procname state dump (the procname context names every event).
 * The base-address state dump stays on: at registration LTTng-UST reads
 * every loaded library from disk (build id, debug link) and writes
 * lttng_ust_statedump:bin_info events, the binaries and load addresses with
 * which the model resolves call sites. It is most of what each process
 * started under the recorder costs (bench/shim_overhead.sh's start-up
 * table); LTTNG_UST_WITHOUT_BADDR_STATEDUMP=1 in the environment still
 * turns it off, and sites with it.
 */
/*
 * A build with CTRACE_SANITIZE=address links the shim and libctrace with
 * AddressSanitizer, whose runtime must be the first library a program loads
 * (its instrumented code runs in other libraries' constructors): CMake
 * passes the runtime's path, followed by ':', to put first in LD_PRELOAD.
 * Empty in every other build.
 */
#ifndef CTRACE_SANITIZER_RUNTIME
#define CTRACE_SANITIZER_RUNTIME ""
#endif
#define CT_REC_SANITIZER_RUNTIME CTRACE_SANITIZER_RUNTIME

static const char *const ust_defaults[] = {
	"LTTNG_UST_REGISTER_TIMEOUT=30000",
	"LTTNG_UST_WITHOUT_PROCNAME_STATEDUMP=1",
};
#define CT_N_UST_DEFAULTS (sizeof(ust_defaults) / sizeof(ust_defaults[0]))

/* Whether ENTRY ("NAME=value") sets the variable that DEF ("NAME=value") names. */
static bool same_name(const char *entry, const char *def)
{
	size_t len = (size_t)(strchr(def, '=') - def) + 1;

	return strncmp(entry, def, len) == 0;
}

/*
 * Whether PATH is an ELF program without an interpreter (statically linked,
 * static-pie included): the loader never runs for it, so LD_PRELOAD cannot
 * apply. Scripts and anything unreadable count as dynamic.
 */
static bool program_is_static(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	bool is_static = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN))
		goto end;
	is_static = true;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + (uint64_t)i * eh.e_phentsize)) !=
		    (ssize_t)sizeof(ph)) {
			is_static = false;
			break;
		}
		if (ph.p_type == PT_INTERP) {
			is_static = false;
			break;
		}
	}
end:
	close(fd);
	return is_static;
}

/*
 * One of LTTng-UST's helper libraries (NAME, e.g. "liblttng-ust-fork.so.1")
 * when installed, else NULL: next to the LTTng-UST we were built with first,
 * then where distributions put it.
 */
static const char *ust_helper_lib(const char *name, char *buf, size_t len)
{
	static const char *const dirs[] = {
#ifdef CTRACE_LTTNG_UST_LIBDIR
		CTRACE_LTTNG_UST_LIBDIR,
#endif
		"/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/lib", "/usr/lib",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return NULL;
}

/*
 * A program the shim cannot apply to is still recorded, after a note that
 * says what to do.
 */
enum ct_record_status ct_rec_env_preload(struct ct_rec_env *env,
					 const struct ct_record_options *opts,
					 const char *prog_path, const struct ct_rec_log *log,
					 bool *skipped, char *err, size_t errlen)
{
	const char *user = getenv("LD_PRELOAD");
	char fork_buf[PATH_MAX], fd_buf[PATH_MAX];
	const char *fork_lib = ust_helper_lib("liblttng-ust-fork.so.1", fork_buf, sizeof(fork_buf));
	const char *fd_lib = ust_helper_lib("liblttng-ust-fd.so.1", fd_buf, sizeof(fd_buf));
	struct stat st;
	size_t n_extra = 0, n = 0;

	if (program_is_static(prog_path)) {
		ct_rec_say(
			log,
			"note: '%s' is statically linked, so the LD_PRELOAD shim cannot apply and "
			"only what it records through libctrace is kept (link it dynamically, or "
			"with -lctrace as the README shows, to record its threads)",
			opts->argv[0]);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (stat(prog_path, &st) == 0 && (((st.st_mode & S_ISUID) && st.st_uid != geteuid()) ||
					  ((st.st_mode & S_ISGID) && st.st_gid != getegid()))) {
		ct_rec_say(
			log,
			"note: '%s' is set-user-ID or set-group-ID, so the loader ignores "
			"LD_PRELOAD and only what it records through libctrace is kept (run a copy "
			"without the bit to record its threads)",
			opts->argv[0]);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (strpbrk(opts->preload, ": ")) {
		ct_rec_say(
			log,
			"note: the shim's path '%s' contains ':' or ' ', which LD_PRELOAD cannot "
			"carry, so the program is recorded without it",
			opts->preload);
		*skipped = true;
		return CT_RECORD_OK;
	}
	if (!fork_lib)
		ct_rec_say(
			log,
			"note: liblttng-ust-fork.so.1 was not found, so the processes '%s' forks "
			"will not be recorded",
			opts->argv[0]);
	if (!fd_lib)
		ct_rec_say(log,
			   "note: liblttng-ust-fd.so.1 was not found, so if '%s' closes every "
			   "descriptor it also closes LTTng-UST's and stops being recorded",
			   opts->argv[0]);

	while (opts->extra_env && opts->extra_env[n_extra])
		n_extra++;
	/* Room for LD_PRELOAD and the two entries of ct_rec_env_announce. */
	env->extra = calloc(n_extra + 4, sizeof(*env->extra));
	if (!env->extra)
		goto nomem;
	for (size_t i = 0; i < n_extra; i++) {
		if (strncmp(opts->extra_env[i], "LD_PRELOAD=", 11) == 0)
			user = opts->extra_env[i] + 11;
		else
			env->extra[n++] = opts->extra_env[i];
	}
	/*
	 * The user's own preloads come first, so they still interpose before the
	 * shim. LTTng's fd helper comes after the shim, so the shim's close()
	 * (which follows the program's pipes) forwards to it and it keeps
	 * LTTng-UST's own descriptors open when the program closes them all.
	 */
	if (asprintf(&env->ld_preload, "LD_PRELOAD=%s%s%s%s%s%s%s%s", CT_REC_SANITIZER_RUNTIME,
		     user && *user ? user : "", user && *user ? ":" : "", opts->preload,
		     fork_lib ? ":" : "", fork_lib ? fork_lib : "", fd_lib ? ":" : "",
		     fd_lib ? fd_lib : "") < 0) {
		env->ld_preload = NULL;
		goto nomem;
	}
	env->extra[n++] = env->ld_preload;
	env->extra[n] = NULL;
	return CT_RECORD_OK;
nomem:
	ct_rec_set_err(err, errlen, "out of memory");
	return CT_RECORD_NOMEM;
}

void ct_rec_env_announce(struct ct_rec_env *env, int fd)
{
	size_t n = 0;

	while (env->extra[n])
		n++;
	snprintf(env->shim_fd_env, sizeof(env->shim_fd_env), CT_ANNOUNCE_FD_ENV "=%d", fd);
	snprintf(env->shim_parent_env, sizeof(env->shim_parent_env), CT_ANNOUNCE_PARENT_ENV "=%ld",
		 (long)getpid());
	env->extra[n++] = env->shim_fd_env;
	env->extra[n++] = env->shim_parent_env;
	env->extra[n] = NULL;
}

/*
 * Ours, plus LTTNG_UST_ALLOW_BLOCKING=1 (without it lttng-ust ignores the
 * channel's blocking mode and discards), the settings of ust_defaults the
 * user has not chosen, then the extra entries (which win over everything).
 */
enum ct_record_status ct_rec_env_build(struct ct_rec_env *env, char *const *extra_env, char *err,
				       size_t errlen)
{
	static char allow_blocking[] = "LTTNG_UST_ALLOW_BLOCKING=1";
	/*
	 * In an AddressSanitizer build the runtime is in the program only for
	 * the shim and libctrace: the program dies of its own signals and its
	 * leaks are not the recording's business (unless the user says otherwise).
	 */
	static char asan_options[] = "ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_abort=0";
	char *const *extra = env->extra ? env->extra : extra_env;
	size_t n_env = 0, n_extra = 0, n = 0;
	char **envp;
	bool user_set[CT_N_UST_DEFAULTS] = { false };

	while (environ && environ[n_env])
		n_env++;
	while (extra && extra[n_extra])
		n_extra++;
	envp = calloc(n_env + n_extra + 3 + CT_N_UST_DEFAULTS, sizeof(*envp));
	if (!envp) {
		ct_rec_set_err(err, errlen, "out of memory");
		return CT_RECORD_NOMEM;
	}
	for (size_t i = 0; i < n_env; i++) {
		if (strncmp(environ[i], "LTTNG_UST_ALLOW_BLOCKING=", 25) == 0)
			continue;
		for (size_t d = 0; d < CT_N_UST_DEFAULTS; d++)
			user_set[d] = user_set[d] || same_name(environ[i], ust_defaults[d]);
		envp[n++] = environ[i];
	}
	envp[n++] = allow_blocking;
	for (size_t d = 0; d < CT_N_UST_DEFAULTS; d++)
		if (!user_set[d])
			envp[n++] = (char *)ust_defaults[d];
	if (*CT_REC_SANITIZER_RUNTIME && !getenv("ASAN_OPTIONS"))
		envp[n++] = asan_options;
	for (size_t i = 0; i < n_extra; i++) {
		const char *eq = strchr(extra[i], '=');
		size_t name_len = eq ? (size_t)(eq - extra[i]) + 1 : strlen(extra[i]);
		size_t j;

		for (j = 0; j < n; j++) {
			if (strncmp(envp[j], extra[i], name_len) == 0)
				break;
		}
		envp[j] = extra[i];
		if (j == n)
			n++;
	}
	envp[n] = NULL;
	env->envp = envp;
	return CT_RECORD_OK;
}

void ct_rec_env_fini(struct ct_rec_env *env)
{
	free(env->envp);
	free(env->extra);
	free(env->ld_preload);
	env->envp = NULL;
	env->extra = NULL;
	env->ld_preload = NULL;
}
