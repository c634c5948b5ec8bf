/* SPDX-License-Identifier: MIT */
/*
 * proc.h - the numbers of the process events' small fields (events.def's
 * proc_fork.via and proc_start.how), shared by the shim that writes them
 * and the model that reads them. Header-only, no dependencies.
 */
#ifndef CTRACE_PROC_H
#define CTRACE_PROC_H

/* How a proc_fork makes its child. */
enum ct_proc_via {
	/* fork(): the child starts with proc_start FORKED */
	CT_PROC_VIA_FORK = 0,
	/* posix_spawn / posix_spawnp: the child's new image starts SPAWNED */
	CT_PROC_VIA_SPAWN = 1,
	/* system(): its shell starts STARTED and is matched as its parent's latest system() */
	CT_PROC_VIA_SYSTEM = 2,
};

/* What a proc_start begins. */
enum ct_proc_how {
	/* a forked child, right after fork (ppid, seq: the parent's proc_fork) */
	CT_PROC_FORKED = 0,
	/* a new program in an existing process: it called exec (its proc_exec) */
	CT_PROC_EXEC = 1,
	/* a new process started by posix_spawn (ppid, seq: its proc_fork) */
	CT_PROC_SPAWNED = 2,
	/*
	 * a new program whose origin the shim did not see: the recorded program
	 * itself, system()'s shell (the model matches it to its parent's
	 * system() by ppid), popen(), vfork + exec; seq 0
	 */
	CT_PROC_STARTED = 3,
};

#endif /* CTRACE_PROC_H */
