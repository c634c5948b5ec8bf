/* SPDX-License-Identifier: MIT */
/* load.c - placeholder */
#include "model.h"
