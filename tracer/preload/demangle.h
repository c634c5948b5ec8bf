/* SPDX-License-Identifier: MIT */
/*
 * demangle.h - Rust's symbol names as paths: the legacy scheme
 * (`_ZN...17h<hash>E`, rustc's default for years, Debian 12's 1.63) and the
 * paths of the v0 scheme (`_R...`, newer rustc's default):
 * `std::sys::unix::thread::Thread::new::thread_start`. No allocation, no
 * locale: the shim calls it from pthread_create.
 */
#ifndef CTRACE_DEMANGLE_H
#define CTRACE_DEMANGLE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes the demangled form of the Rust symbol SYM into BUF (LEN bytes,
 * always terminated when LEN > 0), without hashes (legacy's last
 * component, v0's crate disambiguators). Returns true when SYM is such a
 * symbol; false for anything else (a C name, a C++ name, which has
 * parameter types after its nested name, a v0 name with constants, dyn or
 * fn-pointer types) and BUF is then the empty string. A name too long for
 * BUF is cut.
 */
bool ct_demangle_rust(const char *sym, char *buf, size_t len);

#endif /* CTRACE_DEMANGLE_H */
