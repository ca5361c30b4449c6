/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* Objects the cloud refuses to sync (Graph's onPremisesProvisioningErrors): how many of
 * each type, and the first few for the long output. Only counts and a bounded list are
 * kept, whatever the tenant's size. */
#ifndef DIRSYNC_ERRORS_FACTS_H
#define DIRSYNC_ERRORS_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ds_object_type {
	DS_OBJECT_USER = 0,
	DS_OBJECT_GROUP,
	DS_OBJECT_CONTACT,
	DS_OBJECT_TYPES
} ds_object_type;

/* Texts from Graph are cut to these sizes (bytes, terminator included): an alert names
 * the object and the value, it does not reproduce a directory. */
#define DS_ERRORS_NAME_MAX     96
#define DS_ERRORS_PROPERTY_MAX 32
#define DS_ERRORS_VALUE_MAX    96

/* One object in error: its name and its first provisioning error. */
typedef struct ds_errored_object {
	ds_object_type type;
	char name[DS_ERRORS_NAME_MAX];         /* userPrincipalName, mail, displayName or id */
	char category[DS_ERRORS_PROPERTY_MAX]; /* "PropertyConflict" */
	char property[DS_ERRORS_PROPERTY_MAX]; /* "UserPrincipalName", "ProxyAddress" */
	char value[DS_ERRORS_VALUE_MAX];       /* the value that is taken */
	bool has_since;
	int64_t since;           /* occurredDateTime */
	unsigned further_errors; /* errors of the same object not shown */
} ds_errored_object;

typedef struct ds_errors_scan {
	uint64_t scanned[DS_OBJECT_TYPES];  /* objects read */
	uint64_t in_error[DS_OBJECT_TYPES]; /* objects with at least one error */
	bool type_scanned[DS_OBJECT_TYPES]; /* the type was read to its last page */
	ds_errored_object *kept;            /* the first kept_max objects in error (caller's) */
	size_t kept_max;
	size_t kept_count;
	unsigned pages; /* pages read, all types */
} ds_errors_scan;

/* "user", "group", "contact" and their plurals. */
const char *ds_object_type_name(ds_object_type type, uint64_t count);

#endif
