/* SPDX-License-Identifier: MIT */
/* static_prog.c - a statically linked program: the shim cannot apply to it. */
#include <stdio.h>

int main(void)
{
	puts("static program ran");
	return 0;
}
