/* SPDX-License-Identifier: MIT */
/*
 * source.c - call sites to function, file and line with libdw's Dwfl: one
 * Dwfl per binary the sites fall in, the file reported at the load address
 * the trace gave (dwfl_report_elf), so position-independent programs and
 * shared libraries resolve like fixed-address ones.
 */
#include "source.h"

#include <elfutils/libdwfl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* A site's answer, computed on first request. */
struct resolved {
	bool done;
	char *function; /* owned */
	char *file;     /* owned */
	char *path;     /* owned: the file as the debug information names it */
	unsigned line;
	const char *why; /* static */
};

/* A binary's Dwfl, opened on first request; FAILED when it could not be. */
struct binary_dwfl {
	Dwfl *dwfl;
	bool tried;
};

struct ct_source {
	const struct ct_model *m; /* borrowed */
	struct resolved *sites;   /* owned; one per site */
	struct binary_dwfl *bins; /* owned; one per binary */
};

/*
 * Debug information from the local disk only: the binary's own sections,
 * else a separate file by build id under /usr/lib/debug. Not
 * dwfl_standard_find_debuginfo, which asks a debuginfod server when
 * DEBUGINFOD_URLS is set: resolving must never go to the network.
 */
static int find_debuginfo_local(Dwfl_Module *mod, void **userdata, const char *modname,
				Dwarf_Addr base, const char *file_name, const char *debuglink_file,
				GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	return dwfl_build_id_find_debuginfo(mod, userdata, modname, base, file_name, debuglink_file,
					    debuglink_crc, debuginfo_file_name);
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = NULL,
	.find_debuginfo = find_debuginfo_local,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = NULL,
};

struct ct_source *ct_source_new(const struct ct_model *m)
{
	struct ct_source *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->m = m;
	s->sites = calloc(m->n_sites ? m->n_sites : 1, sizeof(*s->sites));
	s->bins = calloc(m->n_binaries ? m->n_binaries : 1, sizeof(*s->bins));
	if (!s->sites || !s->bins) {
		ct_source_destroy(s);
		return NULL;
	}
	return s;
}

void ct_source_destroy(struct ct_source *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->sites && i < s->m->n_sites; i++) {
		free(s->sites[i].function);
		free(s->sites[i].file);
		free(s->sites[i].path);
	}
	for (size_t i = 0; s->bins && i < s->m->n_binaries; i++) {
		if (s->bins[i].dwfl)
			dwfl_end(s->bins[i].dwfl);
	}
	free(s->sites);
	free(s->bins);
	free(s);
}

/* Binary BIN's Dwfl, reported at its load address; NULL when the file cannot be read. */
static Dwfl *binary_dwfl(struct ct_source *s, uint32_t bin)
{
	struct binary_dwfl *b = &s->bins[bin];
	const struct ct_model_binary *info = &s->m->binaries[bin];
	const char *path = ct_model_string(s->m, info->path);

	if (b->tried)
		return b->dwfl;
	b->tried = true;
	b->dwfl = dwfl_begin(&callbacks);
	if (!b->dwfl)
		return NULL;
	dwfl_report_begin(b->dwfl);
	/* false: BASE is where the first loadable segment is, as LTTng-UST's baddr is. */
	if (!*path || !dwfl_report_elf(b->dwfl, path, path, -1, info->base, false)) {
		dwfl_end(b->dwfl);
		b->dwfl = NULL;
		return NULL;
	}
	dwfl_report_end(b->dwfl, NULL, NULL);
	return b->dwfl;
}

static char *dup_base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return path ? strdup(slash ? slash + 1 : path) : NULL;
}

static void resolve(struct ct_source *s, const struct ct_model_site *site, struct resolved *r)
{
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwfl_Line *line;
	Dwarf_Addr bias;
	/* A return address: the call is the instruction before it. */
	Dwarf_Addr pc = site->addr - 1;
	const char *name, *file;
	int lineno = 0;

	r->done = true;
	if (site->binary == CT_MODEL_NONE || !(dwfl = binary_dwfl(s, site->binary)) ||
	    !(mod = dwfl_addrmodule(dwfl, pc))) {
		r->why = "binary not known";
		return;
	}
	name = dwfl_module_addrname(mod, pc);
	r->function = name ? strdup(name) : NULL;
	if (!dwfl_module_getdwarf(mod, &bias) || !(line = dwfl_module_getsrc(mod, pc))) {
		r->why = "no debug information";
		return;
	}
	file = dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL);

	r->file = dup_base_name(file);
	r->path = file ? strdup(file) : NULL;
	r->line = lineno > 0 ? (unsigned)lineno : 0;
	if (!r->file || !r->path) {
		/* Out of memory is told as no information: the site is still named by address. */
		free(r->file);
		r->file = NULL;
		r->why = "no debug information";
	}
}

bool ct_source_lookup(struct ct_source *s, uint32_t site, struct ct_source_loc *loc)
{
	struct resolved *r;

	memset(loc, 0, sizeof(*loc));
	if (site == 0 || site >= s->m->n_sites)
		return false;
	r = &s->sites[site];
	if (!r->done)
		resolve(s, &s->m->sites[site], r);
	loc->function = r->function;
	loc->file = r->file;
	loc->path = r->file ? r->path : NULL;
	loc->line = r->line;
	loc->why = r->why;
	return true;
}

bool ct_source_format(struct ct_source *s, uint32_t site, bool short_form, char *buf, size_t size)
{
	struct ct_source_loc loc;

	if (size)
		buf[0] = '\0';
	if (!ct_source_lookup(s, site, &loc))
		return false;
	if (loc.file && short_form)
		snprintf(buf, size, "%s:%u", loc.file, loc.line);
	else if (loc.file)
		snprintf(buf, size, "%s %s:%u", loc.function ? loc.function : "?", loc.file,
			 loc.line);
	else if (loc.function)
		snprintf(buf, size, "%s (%s)", loc.function, loc.why);
	else if (s->m->sites[site].binary != CT_MODEL_NONE) {
		/* No name at all (a stripped library's static function): the file and offset. */
		const struct ct_model_binary *bin = &s->m->binaries[s->m->sites[site].binary];
		const char *path = ct_model_string(s->m, bin->path);
		const char *slash = strrchr(path, '/');

		snprintf(buf, size, "%s+%#llx (%s)", slash ? slash + 1 : path,
			 (unsigned long long)(s->m->sites[site].addr - bin->base), loc.why);
	} else
		snprintf(buf, size, "%#llx (%s)", (unsigned long long)s->m->sites[site].addr,
			 loc.why);
	return true;
}
