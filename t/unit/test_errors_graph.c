/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "errors/graph.h"

#define PAGE(objects, link) "{\"@odata.context\":\"x\"" link ",\"value\":[" objects "]}"
#define BOB                                                                                        \
	"{\"id\":\"1\",\"displayName\":\"Bob\",\"userPrincipalName\":\"bob@contoso.com\","             \
	"\"onPremisesProvisioningErrors\":[{\"category\":\"PropertyConflict\",\"occurredDateTime\":"   \
	"\"2026-11-20T10:00:00Z\",\"propertyCausingError\":\"ProxyAddress\",\"value\":"                \
	"\"smtp:bob@contoso.com\"}]}"
#define CLEAN "{\"id\":\"2\",\"displayName\":\"Ann\",\"onPremisesProvisioningErrors\":[]}"

static ds_errored_object kept[4];

static ds_errors_scan new_scan(size_t kept_max) {
	ds_errors_scan scan = {.kept = kept, .kept_max = kept_max};
	memset(kept, 0, sizeof kept);
	return scan;
}

static bool parse(const char *body, ds_object_type type, ds_errors_scan *scan, char *next,
                  ds_error *err) {
	return ds_errors_parse_page(body, strlen(body), type, scan, next, DS_ERRORS_LINK_MAX, err);
}

START_TEST(first_paths_select_only_what_is_needed) {
	ck_assert_str_eq(ds_errors_first_path(DS_OBJECT_USER),
	                 "/v1.0/users?%24select=id,displayName,userPrincipalName,"
	                 "onPremisesProvisioningErrors&%24top=999");
	ck_assert_str_eq(ds_errors_first_path(DS_OBJECT_GROUP),
	                 "/v1.0/groups?%24select=id,displayName,mail,onPremisesProvisioningErrors&"
	                 "%24top=999");
	ck_assert_str_eq(ds_errors_first_path(DS_OBJECT_CONTACT),
	                 "/v1.0/contacts?%24select=id,displayName,mail,onPremisesProvisioningErrors&"
	                 "%24top=999");
	ck_assert(strstr(ds_errors_permission(DS_OBJECT_USER), "User.Read.All") != NULL);
	ck_assert(strstr(ds_errors_permission(DS_OBJECT_GROUP), "Group.Read.All") != NULL);
	ck_assert(strstr(ds_errors_permission(DS_OBJECT_CONTACT), "OrgContact.Read.All") != NULL);
}
END_TEST

START_TEST(a_page_is_counted_and_the_first_kept) {
	ds_errors_scan scan = new_scan(4);
	char next[DS_ERRORS_LINK_MAX];
	ds_error err;
	ck_assert(parse(PAGE(CLEAN "," BOB "," CLEAN, ",\"@odata.nextLink\":\"https://g/v1.0/users?"
	                                              "%24skiptoken=A\""),
	                DS_OBJECT_USER, &scan, next, &err));
	ck_assert_uint_eq(scan.scanned[DS_OBJECT_USER], 3);
	ck_assert_uint_eq(scan.in_error[DS_OBJECT_USER], 1);
	ck_assert_uint_eq(scan.kept_count, 1);
	ck_assert_uint_eq(scan.pages, 1);
	ck_assert_str_eq(kept[0].name, "bob@contoso.com");
	ck_assert_str_eq(kept[0].property, "ProxyAddress");
	ck_assert_str_eq(kept[0].value, "smtp:bob@contoso.com");
	ck_assert_str_eq(kept[0].category, "PropertyConflict");
	ck_assert(kept[0].has_since);
	ck_assert_int_eq(kept[0].since, 1795168800);
	ck_assert_str_eq(next, "https://g/v1.0/users?%24skiptoken=A");
	/* The last page has no link. */
	ck_assert(parse(PAGE(BOB, ""), DS_OBJECT_GROUP, &scan, next, &err));
	ck_assert_str_eq(next, "");
	ck_assert_uint_eq(scan.in_error[DS_OBJECT_GROUP], 1);
	ck_assert_uint_eq(scan.pages, 2);
}
END_TEST

START_TEST(only_kept_max_objects_are_kept_all_are_counted) {
	ds_errors_scan scan = new_scan(1);
	char next[DS_ERRORS_LINK_MAX];
	ck_assert(parse(PAGE(BOB "," BOB "," BOB, ""), DS_OBJECT_USER, &scan, next, NULL));
	ck_assert_uint_eq(scan.in_error[DS_OBJECT_USER], 3);
	ck_assert_uint_eq(scan.kept_count, 1);
}
END_TEST

START_TEST(names_fall_back_to_display_name_then_id) {
	ds_errors_scan scan = new_scan(4);
	char next[DS_ERRORS_LINK_MAX];
	const char *body =
	    PAGE("{\"id\":\"g1\",\"displayName\":\"Sales\",\"mail\":null,"
	         "\"onPremisesProvisioningErrors\":[{\"propertyCausingError\":\"ProxyAddress\"}]},"
	         "{\"id\":\"g2\",\"onPremisesProvisioningErrors\":[{},{}]}",
	         "");
	ck_assert(parse(body, DS_OBJECT_GROUP, &scan, next, NULL));
	ck_assert_str_eq(kept[0].name, "Sales");
	ck_assert(!kept[0].has_since);
	ck_assert_str_eq(kept[1].name, "g2");
	ck_assert_uint_eq(kept[1].further_errors, 1);
}
END_TEST

START_TEST(long_values_are_cut_between_characters) {
	ds_errors_scan scan = new_scan(4);
	char next[DS_ERRORS_LINK_MAX];
	char body[2048];
	char value[400] = "";
	for (int i = 0; i < 150; i++) {
		strcat(value, "\xc3\xa9"); /* é, two bytes */
	}
	snprintf(body, sizeof body,
	         PAGE("{\"id\":\"1\",\"onPremisesProvisioningErrors\":[{\"value\":\"%s\"}]}", ""),
	         value);
	ck_assert(parse(body, DS_OBJECT_USER, &scan, next, NULL));
	size_t len = strlen(kept[0].value);
	ck_assert_uint_lt(len, DS_ERRORS_VALUE_MAX);
	ck_assert_str_eq(kept[0].value + len - 3, "...");
	ck_assert_uint_eq((len - 3) % 2, 0); /* no half character */
}
END_TEST

START_TEST(bad_pages_are_errors_naming_the_property) {
	ds_errors_scan scan = new_scan(4);
	char next[DS_ERRORS_LINK_MAX];
	ds_error err;
	ck_assert(!parse("[]", DS_OBJECT_USER, &scan, next, &err));
	ck_assert(strstr(err.text, "not an object") != NULL);
	ck_assert(!parse("{\"value\":3}", DS_OBJECT_USER, &scan, next, &err));
	ck_assert(strstr(err.text, "no 'value' list") != NULL);
	ck_assert(!parse(PAGE("{\"onPremisesProvisioningErrors\":\"x\"}", ""), DS_OBJECT_USER, &scan,
	                 next, &err));
	ck_assert(strstr(err.text, "onPremisesProvisioningErrors is a string, not a list") != NULL);
	ck_assert(!parse(PAGE("{\"onPremisesProvisioningErrors\":[{\"value\":5}]}", ""), DS_OBJECT_USER,
	                 &scan, next, &err));
	ck_assert(strstr(err.text, "value is a number, not a string") != NULL);
	ck_assert(
	    !parse(PAGE("{\"onPremisesProvisioningErrors\":[{\"occurredDateTime\":\"soon\"}]}", ""),
	           DS_OBJECT_USER, &scan, next, &err));
	ck_assert(strstr(err.text, "occurredDateTime") != NULL);
	ck_assert(!parse(PAGE("", ",\"@odata.nextLink\":7"), DS_OBJECT_USER, &scan, next, &err));
	ck_assert(strstr(err.text, "@odata.nextLink is a number") != NULL);
	ck_assert(!parse("{\"value\":[", DS_OBJECT_USER, &scan, next, &err));
	ck_assert_uint_eq(scan.pages, 0); /* no bad page counts as read */
}
END_TEST

START_TEST(next_links_only_on_the_graph_root) {
	char path[DS_ERRORS_LINK_MAX];
	ds_error err;
	const char *root = "https://graph.microsoft.com";
	ck_assert(ds_errors_next_path(root, "https://graph.microsoft.com/v1.0/users?%24skiptoken=X",
	                              path, sizeof path, &err));
	ck_assert_str_eq(path, "/v1.0/users?%24skiptoken=X");
	ck_assert(ds_errors_next_path(root, "https://GRAPH.microsoft.com:443/v1.0/users?a=1", path,
	                              sizeof path, &err));
	ck_assert_str_eq(path, "/v1.0/users?a=1");
	/* A root with a path (a reverse proxy): the link must be below it. */
	ck_assert(ds_errors_next_path("https://proxy.example/graph",
	                              "https://proxy.example/graph/v1.0/users?b=2", path, sizeof path,
	                              &err));
	ck_assert_str_eq(path, "/v1.0/users?b=2");
	ck_assert(!ds_errors_next_path("https://proxy.example/graph",
	                               "https://proxy.example/graphs/v1.0/users", path, sizeof path,
	                               &err));
	const char *refused[] = {
	    "https://graph.microsoft.com.evil.example/v1.0/users",
	    "https://graph.microsoft.com@evil.example/v1.0/users",
	    "https://evil.example/https://graph.microsoft.com/v1.0/users",
	    "http://graph.microsoft.com/v1.0/users",
	    "https://graph.microsoft.com:8443/v1.0/users",
	    "https://user:pw@graph.microsoft.com/v1.0/users",
	    "/v1.0/users?x",
	    "not a url",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		ck_assert_msg(!ds_errors_next_path(root, refused[i], path, sizeof path, &err), "%s",
		              refused[i]);
		ck_assert(strstr(err.text, "was not followed") != NULL);
		ck_assert(strstr(err.text, "evil") == NULL); /* the link is never quoted */
	}
}
END_TEST

int main(void) {
	Suite *suite = suite_create("errors_graph");
	TCase *tc = tcase_create("errors_graph");
	tcase_add_test(tc, first_paths_select_only_what_is_needed);
	tcase_add_test(tc, a_page_is_counted_and_the_first_kept);
	tcase_add_test(tc, only_kept_max_objects_are_kept_all_are_counted);
	tcase_add_test(tc, names_fall_back_to_display_name_then_id);
	tcase_add_test(tc, long_values_are_cut_between_characters);
	tcase_add_test(tc, bad_pages_are_errors_naming_the_property);
	tcase_add_test(tc, next_links_only_on_the_graph_root);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
