/* SPDX-License-Identifier: MIT */
/*
 * demangle.h - Rust's legacy symbol names (`_ZN...17h<hash>E`, what rustc
 * emits by default up to at least 1.75) as paths: `std::sys::unix::thread::
 * Thread::new::thread_start`. No allocation, no locale: the shim calls it
 * from pthread_create.
 */
#ifndef CTRACE_DEMANGLE_H
#define CTRACE_DEMANGLE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the demangled form of the Rust legacy symbol SYM into BUF (LEN
 * bytes, always terminated when LEN > 0), without the trailing hash
 * component. Returns true when SYM is such a symbol; false for anything
 * else (a C name, a C++ name, which has parameter types after its nested
 * name, Rust's v0 `_R` names) and BUF is then the empty string. A name too
 * long for BUF is cut.
 */
bool ct_demangle_rust(const char *sym, char *buf, size_t len);

#endif /* CTRACE_DEMANGLE_H */
