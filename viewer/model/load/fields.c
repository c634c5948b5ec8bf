/* SPDX-License-Identifier: MIT */
/* fields.c - reads the fields of an event by the indices its class_info found. */
#include "decode.h"

const bt_field *field_member(const bt_field *st, int index)
{
	if (!st || index < 0)
		return NULL;
	return bt_field_structure_borrow_member_field_by_index_const(st, (uint64_t)index);
}

uint64_t field_int(const bt_field *f)
{
	bt_field_class_type t;

	if (!f)
		return 0;
	t = bt_field_get_class_type(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_UNSIGNED_INTEGER))
		return bt_field_integer_unsigned_get_value(f);
	if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
		return (uint64_t)bt_field_integer_signed_get_value(f);
	return 0;
}

/*
 * A string field's value. Its length decides an empty one: libbabeltrace2
 * 2.0.4 (Debian 12's) reuses field objects and, for an empty string, sets
 * the length to 0 without terminating the old text, so the value still reads
 * as the previous string of that field in the stream (a mutex without a
 * name took the name of the one before it). Later releases fix it.
 */
const char *field_str(const bt_field *f)
{
	if (!f || bt_field_get_class_type(f) != BT_FIELD_CLASS_TYPE_STRING)
		return NULL;
	if (bt_field_string_get_length(f) == 0)
		return "";
	return bt_field_string_get_value(f);
}
