/* SPDX-License-Identifier: MIT */
/* exercise.h - what the fuzz targets do with every model they build (exercise.c). */
#ifndef CTRACE_FUZZ_EXERCISE_H
#define CTRACE_FUZZ_EXERCISE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/*
 * Reads every field of M, runs every query over windows taken from DATA
 * (SIZE bytes), then runs the analyses and reads all they found.
 */
void fuzz_exercise(const struct ct_model *m, const uint8_t *data, size_t size);

#endif /* CTRACE_FUZZ_EXERCISE_H */
