/* SPDX-License-Identifier: MIT */
/*
 * symbols.c - names for the program's synchronisation objects: a mutex,
 * condition variable, lock or semaphore that lives in a global or static
 * variable of the executable gets that variable's name in its creation
 * event ("lock", "forks[2]", "pool+8"), so the timeline, `ctrace stats` and
 * the findings say "waits for mutex forks[2]" instead of an address. Objects
 * on the heap or the stack, in shared libraries, or in a stripped program
 * keep the empty name (the model shows their address).
 *
 * Threads the program starts without a name are named after their start
 * routine ("compress_thread") the same way, from the executable's functions:
 * a routine in a shared library, in a stripped executable (where only
 * exported functions are left) or with a mangled C++ or Rust v0 name gives
 * none, and the lane keeps the program's name. Rust's legacy names are
 * demangled (demangle.c): a Rust thread spawned without a name is
 * "std::sys::unix::thread::Thread::new::thread_start".
 *
 * The executable's symbol table (.symtab, else .dynsym) is read from
 * /proc/self/exe, mapped read-only once by the shim's constructor: no
 * allocation, and nothing but a few system calls there. A lookup first
 * checks that the address lies in one of the executable's writable
 * segments, where its variables are, so the many objects a program makes on
 * the heap cost two comparisons; only an object in there pays a scan of the
 * symbols, once, when its creation event is emitted.
 */
#include "shim.h"
#include "demangle.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CT_SYM_SEGMENTS 4

static struct {
	const ElfW(Sym) * syms; /* NULL: no names */
	size_t n_syms;
	const char *strs;
	size_t strs_len;
	uintptr_t bias;                                     /* where the executable was loaded */
	uintptr_t lo[CT_SYM_SEGMENTS], hi[CT_SYM_SEGMENTS]; /* its writable segments */
	unsigned n_segments;
	uintptr_t code_lo[CT_SYM_SEGMENTS], code_hi[CT_SYM_SEGMENTS]; /* its code */
	unsigned n_code;
} exe;

/* The load bias and writable segments of the executable (the object without a name). */
static int find_exe(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	if (info->dlpi_name && info->dlpi_name[0])
		return 0;
	exe.bias = info->dlpi_addr;
	for (unsigned i = 0; i < info->dlpi_phnum && exe.n_segments < CT_SYM_SEGMENTS; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && exe.n_code < CT_SYM_SEGMENTS) {
			exe.code_lo[exe.n_code] = info->dlpi_addr + ph->p_vaddr;
			exe.code_hi[exe.n_code] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
			exe.n_code++;
		}
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
			continue;
		exe.lo[exe.n_segments] = info->dlpi_addr + ph->p_vaddr;
		exe.hi[exe.n_segments] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		exe.n_segments++;
	}
	return 1; /* the executable comes first */
}

/* The section table of the ELF image at MAP (LEN bytes), or NULL when it is not a sound one. */
static const ElfW(Shdr) * sections(const unsigned char *map, size_t len, size_t *n)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)map;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) ||
	    eh->e_shentsize != sizeof(ElfW(Shdr)) || eh->e_shoff > len ||
	    eh->e_shnum > (len - eh->e_shoff) / sizeof(ElfW(Shdr)))
		return NULL;
	*n = eh->e_shnum;
	return (const ElfW(Shdr) *)(map + eh->e_shoff);
}

/* Takes the symbol table of TYPE (SHT_SYMTAB or SHT_DYNSYM) from the image; false if none. */
static bool take_table(const unsigned char *map, size_t len, const ElfW(Shdr) * sh, size_t n,
		       unsigned type)
{
	for (size_t i = 0; i < n; i++) {
		const ElfW(Shdr) *st = &sh[i], *str;

		if (st->sh_type != type || st->sh_link >= n || st->sh_entsize != sizeof(ElfW(Sym)))
			continue;
		str = &sh[st->sh_link];
		if (st->sh_offset > len || st->sh_size > len - st->sh_offset ||
		    str->sh_offset > len || str->sh_size > len - str->sh_offset)
			continue;
		exe.syms = (const ElfW(Sym) *)(map + st->sh_offset);
		exe.n_syms = st->sh_size / sizeof(ElfW(Sym));
		exe.strs = (const char *)(map + str->sh_offset);
		exe.strs_len = str->sh_size;
		return true;
	}
	return false;
}

void ct_shim_symbols_init(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct stat st;
	const unsigned char *map;
	const ElfW(Shdr) * sh;
	size_t n;

	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || st.st_size <= 0) {
		REAL(close)(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	REAL(close)(fd);
	if (map == MAP_FAILED)
		return;
	/* The mapping stays for the life of the process: names are looked up until it ends. */
	dl_iterate_phdr(find_exe, NULL);
	sh = sections(map, (size_t)st.st_size, &n);
	if (!sh || !exe.n_segments ||
	    !(take_table(map, (size_t)st.st_size, sh, n, SHT_SYMTAB) ||
	      take_table(map, (size_t)st.st_size, sh, n, SHT_DYNSYM))) {
		exe.syms = NULL;
		munmap((void *)map, (size_t)st.st_size);
	}
}

const char *ct_shim_symbol_name(const void *addr, size_t size, char *buf, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	bool inside = false;

	for (unsigned i = 0; i < exe.n_segments && !inside; i++)
		inside = a >= exe.lo[i] && a < exe.hi[i];
	if (!exe.syms || !inside || len == 0)
		return "";
	for (size_t i = 0; i < exe.n_syms; i++) {
		const ElfW(Sym) *s = &exe.syms[i];
		uintptr_t start = exe.bias + s->st_value, off;
		const char *name;

		if (ELF64_ST_TYPE(s->st_info) != STT_OBJECT || s->st_size == 0 || a < start ||
		    a - start >= s->st_size || s->st_name >= exe.strs_len)
			continue;
		name = exe.strs + s->st_name;
		if (!memchr(name, '\0', exe.strs_len - s->st_name) || !*name)
			return "";
		off = a - start;
		/* An array of such objects reads as one element of it; anything else as an offset. */
		if (off == 0 && s->st_size == size)
			snprintf(buf, len, "%s", name);
		else if (size && off % size == 0 && s->st_size % size == 0)
			snprintf(buf, len, "%s[%zu]", name, (size_t)(off / size));
		else
			snprintf(buf, len, "%s+%zu", name, (size_t)off);
		return buf;
	}
	return "";
}

const char *ct_shim_function_name(const void *fn, char *buf, size_t len)
{
	uintptr_t a = (uintptr_t)fn;
	bool inside = false;

	for (unsigned i = 0; i < exe.n_code && !inside; i++)
		inside = a >= exe.code_lo[i] && a < exe.code_hi[i];
	if (!exe.syms || !inside || len == 0)
		return "";
	for (size_t i = 0; i < exe.n_syms; i++) {
		const ElfW(Sym) *s = &exe.syms[i];
		uintptr_t start = exe.bias + s->st_value;
		const char *name;

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || a < start ||
		    (s->st_size ? a - start >= s->st_size : a != start) ||
		    s->st_name >= exe.strs_len)
			continue;
		name = exe.strs + s->st_name;
		if (!memchr(name, '\0', exe.strs_len - s->st_name) || !*name)
			return "";
		/*
		 * Rust's legacy names read back as paths (every thread::spawn
		 * starts on std's thread_start); other mangled names, C++ or
		 * Rust's v0, read worse than the program's name: none.
		 */
		if (name[0] == '_' && (name[1] == 'Z' || name[1] == 'R'))
			return ct_demangle_rust(name, buf, len) ? buf : "";
		snprintf(buf, len, "%s", name);
		return buf;
	}
	return "";
}
