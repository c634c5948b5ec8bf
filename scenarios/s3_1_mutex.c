/* SPDX-License-Identifier: MIT */
/* s3_1_mutex.c - scenario 3.1, listing 16-12: the API of a mutex guarding a value. */
#include "common.h"

int main(void)
{
	int value = 5;
	struct ct_mutex *m;
	void *data;
	int *num;

	scn_check(ct_mutex_new(&m, &value, "m"), "creating the mutex");
	/* The inner scope of the listing: the guard lives from lock to unlock. */
	scn_check(ct_mutex_lock(m, &data), "locking");
	num = data;
	*num = 6;
	/* The guarded value is recorded as the mutex's own: the change shows on it. */
	ct_access(ct_mutex_id(m), CT_ACCESS_WRITE, *num);
	scn_check(ct_mutex_unlock(m), "unlocking");
	/* Only main ever had the mutex, so taking the value back needs no lock. */
	scn_check(ct_mutex_destroy(m, &data), "destroying the mutex");
	SCN_PRINT("m = %d", *(int *)data);
	return 0;
}
