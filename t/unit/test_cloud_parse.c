/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The parsers for what the identity platform and Graph answer. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "age/graph.h"
#include "cloud/graph.h"
#include "cloud/http.h"
#include "cloud/json.h"
#include "cloud/token_response.h"
#include "core/deadline.h"
#include "core/sys.h"
#include "core/text.h"

#define NOW 1795532301

static const ds_token_context context = {.host = "login.example",
                                         .tenant = "contoso.example",
                                         .client_id = "app-id",
                                         .credential = "the client secret"};

static bool parse_token(long status, const char *body, ds_access_token *t, ds_error *err) {
	return ds_token_response_parse(status, body, strlen(body), "application/json; charset=utf-8",
	                               NOW, &context, t, err);
}

START_TEST(token_success_with_number_or_string_lifetime) {
	ds_access_token t;
	ds_error err;
	ck_assert(parse_token(
	    200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ.a\"}", &t,
	    &err));
	ck_assert_str_eq(t.value, "eyJ.a");
	ck_assert_int_eq(t.expires_on, NOW + 3599);
	ck_assert(!t.from_cache);
	ds_access_token_free(&t);
	ck_assert_ptr_null(t.value);

	ck_assert(parse_token(
	    200, "{\"access_token\":\"x\",\"expires_in\":\"3599\",\"expires_on\":\"1\"}", &t, &err));
	ck_assert_int_eq(t.expires_on, NOW + 3599);
	ds_access_token_free(&t);

	ck_assert_msg(
	    parse_token(200, "{\"access_token\":\"x\",\"expires_on\":\"1795535000\"}\r\n", &t, &err),
	    "%s", err.text);
	ck_assert_int_eq(t.expires_on, 1795535000);
	ds_access_token_free(&t);
}
END_TEST

static void assert_token_error(long status, const char *body, const char *expected) {
	ds_access_token t;
	ds_error err = {0};
	ck_assert_msg(!parse_token(status, body, &t, &err), "accepted %s", body);
	ck_assert_ptr_null(t.value);
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' lacks '%s'", err.text, expected);
}

START_TEST(token_errors_name_the_fix) {
	assert_token_error(
	    401,
	    "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid "
	    "client secret provided.\\r\\nTrace ID: x\",\"error_codes\":[7000215]}",
	    "not its Secret ID");
	assert_token_error(401, "{\"error\":\"invalid_client\",\"error_codes\":[7000222]}",
	                   "has expired (AADSTS7000222)");
	assert_token_error(400, "{\"error\":\"unauthorized_client\",\"error_codes\":[700016]}",
	                   "application app-id was not found in tenant contoso.example (AADSTS700016)");
	assert_token_error(400, "{\"error\":\"invalid_request\",\"error_codes\":[90002]}",
	                   "tenant contoso.example was not found (AADSTS90002)");
	assert_token_error(401, "{\"error\":\"invalid_client\",\"error_codes\":[700027]}",
	                   "does not accept the client secret (AADSTS700027)");
	assert_token_error(400, "{\"error\":\"unauthorized_client\",\"error_codes\":[7000112]}",
	                   "is disabled (AADSTS7000112)");
	assert_token_error(400, "{\"error\":\"invalid_scope\",\"error_codes\":[70011]}", "AADSTS70011");
	assert_token_error(400, "{\"error\":\"invalid_request\",\"error_codes\":[70021]}",
	                   "AADSTS70021");
	assert_token_error(400,
	                   "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The "
	                   "grant has expired.\\r\\nTrace ID: 1\",\"error_codes\":[50173]}",
	                   "HTTP 400, invalid_grant: AADSTS50173: The grant has expired.");
	assert_token_error(500, "{}", "failed with HTTP 500 and no error code");
}
END_TEST

/* An answer with an overlong error code and description still gives a whole sentence. */
START_TEST(token_error_texts_are_cut_to_fit) {
	char body[2048];
	char filler[700];
	memset(filler, 'x', sizeof filler - 1);
	filler[sizeof filler - 1] = '\0';
	snprintf(body, sizeof body, "{\"error\":\"invalid_%s\",\"error_description\":\"AADSTS1: %s\"}",
	         filler, filler);
	ds_access_token t = {0};
	ds_error err = {0};
	ck_assert(!parse_token(401, body, &t, &err));
	ck_assert_uint_lt(strlen(err.text), sizeof err.text - 1);
	ck_assert_msg(strstr(err.text, "failed with HTTP 401, invalid_xxx") != NULL &&
	                  strstr(err.text, "...: AADSTS1: xxx") != NULL,
	              "%s", err.text);
}
END_TEST

/* AADSTS700024 means an assertion outside its time range: for a certificate the
 * assertion was signed here, so the clock is the suspect; for a federated token, its
 * issuer. */
START_TEST(assertion_time_range_names_the_clock_or_the_token) {
	const char *body = "{\"error\":\"invalid_client\",\"error_codes\":[700024]}";
	ds_token_context signed_here = context;
	signed_here.credential = "certificate app.pem";
	signed_here.assertion_signed_here = true;
	ds_access_token t = {0};
	ds_error err = {0};
	ck_assert(!ds_token_response_parse(400, body, strlen(body), "application/json", NOW,
	                                   &signed_here, &t, &err));
	ck_assert_msg(strstr(err.text, "this server's clock is probably wrong") != NULL &&
	                  strstr(err.text, "NTP") != NULL,
	              "%s", err.text);
	ds_token_context federated = context;
	federated.credential = "/var/run/token";
	ck_assert(!ds_token_response_parse(400, body, strlen(body), "application/json", NOW, &federated,
	                                   &t, &err));
	ck_assert_msg(strstr(err.text, "the federated token in /var/run/token is expired") != NULL,
	              "%s", err.text);
}
END_TEST

/* json-c reads a lifetime beyond 64 bits as INT64_MAX: refused, without adding it to now
 * first (a signed overflow, which the sanitizer build of the tests reports). */
START_TEST(token_lifetime_beyond_64_bits_is_refused) {
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":1208925819614629174706176}",
	                   "unusable expires_in");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":9223372036854775807}",
	                   "unusable expires_in");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_on\":9223372036854775807}",
	                   "not within the next two days");
}
END_TEST

/* A body that is a whole number or literal is complete, not cut off; null is named. */
static void assert_json_error(const char *body, const char *expected) {
	json_object *root = NULL;
	ds_error err = {0};
	ck_assert_msg(!ds_json_parse(body, strlen(body), "the answer", &root, &err), "accepted %s",
	              body);
	ck_assert_ptr_null(root);
	ck_assert_msg(strcmp(err.text, expected) == 0, "'%s' is not '%s'", err.text, expected);
}

START_TEST(json_ends_are_told_apart) {
	json_object *root = NULL;
	ds_error err = {0};
	ck_assert_msg(ds_json_parse("3599", 4, "the answer", &root, &err), "%s", err.text);
	ck_assert_int_eq(json_object_get_int64(root), 3599);
	json_object_put(root);
	ck_assert_msg(ds_json_parse("true \r\n", 7, "the answer", &root, &err), "%s", err.text);
	ck_assert(json_object_get_boolean(root));
	json_object_put(root);
	assert_json_error("null", "the answer is null, not a JSON object or value");
	assert_json_error(" null ", "the answer is null, not a JSON object or value");
	assert_json_error("{\"a\":1", "the answer is cut off: the JSON ends early");
	assert_json_error("12.5e", "the answer is cut off: the JSON ends early");
	assert_json_error("tru", "the answer is cut off: the JSON ends early");
	assert_token_error(200, "3599", "is not a JSON object");
}
END_TEST

/* The token goes verbatim into an Authorization header: a CR LF there would add headers
 * of the answer's choosing to the Graph request, a NUL would cut the token short. */
START_TEST(token_with_blanks_or_control_characters_is_refused) {
	static const char *const bodies[] = {
	    "{\"access_token\":\"a\\r\\nX-Injected: 1\",\"expires_in\":3599}",
	    "{\"access_token\":\"a b\",\"expires_in\":3599}",
	    "{\"access_token\":\"a\\tb\",\"expires_in\":3599}",
	    "{\"access_token\":\"\xc3\xa9t\xc3\xa9\",\"expires_in\":3599}",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		assert_token_error(200, bodies[i], "access_token that is not printable ASCII");
	}
}
END_TEST

/* json-c keeps a \u0000 inside a string, but every reader takes strings as C strings:
 * a NUL would cut a value short unseen. Any string or member name with one is refused,
 * naming the member. */
START_TEST(nul_in_a_string_names_the_property) {
	assert_token_error(200, "{\"access_token\":\"a\\u0000b\",\"expires_in\":3599}",
	                   "has a NUL character (\\u0000) in access_token");
	assert_token_error(400, "{\"error\":\"invalid_client\\u0000\",\"error_description\":\"x\"}",
	                   "(HTTP 400) has a NUL character (\\u0000) in error,");
	ds_error err = {0};
	json_object *root = NULL;
	const char *org = "{\"value\":[{\"id\":\"x\",\"onPremisesLastSyncDateTime\":"
	                  "\"2026-11-24T14:58:21Z\\u0000\"}]}";
	ck_assert(!ds_json_parse(org, strlen(org), "Graph's organization answer", &root, &err));
	ck_assert_ptr_null(root);
	ck_assert_str_eq(err.text,
	                 "Graph's organization answer has a NUL character (\\u0000) in "
	                 "onPremisesLastSyncDateTime, which no real value holds: a proxy or the "
	                 "service altered the answer (check --proxy)");
	const char *nested =
	    "{\"configuration\":{\"currentExportData\":{\"tags\":[\"a\",\"b\\u0000\"]}}}";
	ck_assert(!ds_json_parse(nested, strlen(nested), "the answer", &root, &err));
	ck_assert_msg(strstr(err.text, "in tags,") != NULL, "%s", err.text);
	/* json-c cuts a member name at the NUL, so that it could stand for another member. */
	const char *key = "{\"onPremisesSyncEnabled\\u0000x\":false,\"id\":\"x\"}";
	ck_assert(!ds_json_parse(key, strlen(key), "the answer", &root, &err));
	ck_assert_msg(strstr(err.text, "in a property name") != NULL, "%s", err.text);
	const char *top = "\"a\\u0000\"";
	ck_assert(!ds_json_parse(top, strlen(top), "the answer", &root, &err));
	ck_assert_msg(strstr(err.text, "in the value") != NULL, "%s", err.text);
	/* An escaped backslash before u0000 is text, not a NUL. */
	const char *text = "{\"a\":\"C:\\\\u0000\",\"b\":\"\\\\\\u0041\"}";
	ck_assert_msg(ds_json_parse(text, strlen(text), "the answer", &root, &err), "%s", err.text);
	ck_assert_str_eq(ds_json_string(root, "a"), "C:\\u0000");
	json_object_put(root);
}
END_TEST

START_TEST(token_answers_that_are_not_tokens) {
	assert_token_error(200, "{\"expires_in\":3599}", "has no access_token");
	assert_token_error(200, "{\"access_token\":\"\",\"expires_in\":3599}", "has no access_token");
	assert_token_error(200, "{\"access_token\":\"x\"}", "no usable expires_in");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":\"soon\"}", "no usable");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":-5}", "unusable expires_in");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":99999999}", "unusable");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":3599", "cut off");
	assert_token_error(200, "[1,2]", "not a JSON object");
	assert_token_error(200, "{\"access_token\":\"x\",\"expires_in\":1} trailing", "not valid JSON");
	assert_token_error(200, "", "empty");
	ds_access_token t;
	ds_error err;
	const char *html = "<html>portal</html>";
	ck_assert(
	    !ds_token_response_parse(200, html, strlen(html), "text/html", NOW, &context, &t, &err));
	ck_assert(strstr(err.text, "text/html instead of JSON") != NULL);
}
END_TEST

static bool parse_org(const char *body, bool password, ds_org_sync *out, ds_error *err) {
	return ds_graph_parse_organization(body, strlen(body), password, out, err);
}

START_TEST(organization_shapes) {
	ds_org_sync f;
	ds_error err;
	ck_assert(parse_org("{\"@odata.context\":\"x\",\"value\":[{\"id\":\"1\","
	                    "\"onPremisesSyncEnabled\":true,"
	                    "\"onPremisesLastSyncDateTime\":\"2026-11-24T14:58:21Z\"}]}",
	                    false, &f, &err));
	ck_assert_int_eq(f.sync_enabled, DS_TRUE);
	ck_assert(f.has_last_sync);
	ck_assert_int_eq(f.last_sync, 1795532301);
	ck_assert(!f.password_sync_asked);

	ck_assert(parse_org("{\"onPremisesSyncEnabled\":false,\"onPremisesLastSyncDateTime\":"
	                    "\"2026-11-24T14:58:21.1234567+01:00\"}",
	                    false, &f, &err));
	ck_assert_int_eq(f.sync_enabled, DS_FALSE);
	ck_assert_int_eq(f.last_sync, 1795532301 - 3600);

	ck_assert(parse_org("{\"value\":[{\"onPremisesSyncEnabled\":null,"
	                    "\"onPremisesLastSyncDateTime\":null}]}",
	                    false, &f, &err));
	ck_assert_int_eq(f.sync_enabled, DS_NULL);
	ck_assert(!f.has_last_sync);

	ck_assert(
	    parse_org("{\"value\":[{\"onPremisesSyncEnabled\":true,\"onPremisesLastSyncDateTime\":"
	              "\"2026-11-24T14:58:21Z\",\"onPremisesLastPasswordSyncDateTime\":"
	              "\"2026-11-24T10:58:21Z\"}]}",
	              true, &f, &err));
	ck_assert(f.password_sync_asked);
	ck_assert(f.has_password_sync);
	ck_assert_int_eq(f.password_sync, 1795532301 - 4 * 3600);
}
END_TEST

static void assert_org_error(const char *body, const char *expected) {
	ds_org_sync f;
	ds_error err = {0};
	ck_assert_msg(!parse_org(body, true, &f, &err), "accepted %s", body);
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' lacks '%s'", err.text, expected);
}

START_TEST(organization_errors) {
	assert_org_error("{\"value\":[]}", "no organization");
	assert_org_error("{\"value\":{}}", "not a list");
	assert_org_error("{\"value\":[7]}", "not an object");
	assert_org_error("[]", "not an object");
	assert_org_error("{\"value\":[{\"onPremisesLastSyncDateTime\":12345}]}",
	                 "onPremisesLastSyncDateTime is a number, not a timestamp");
	assert_org_error("{\"value\":[{\"onPremisesLastSyncDateTime\":\"yesterday\"}]}",
	                 "onPremisesLastSyncDateTime: invalid timestamp 'yesterday'");
	assert_org_error("{\"value\":[{\"onPremisesSyncEnabled\":\"yes\"}]}",
	                 "onPremisesSyncEnabled is a string");
	assert_org_error("{\"value\":[{\"onPremisesLastPasswordSyncDateTime\":[]}]}",
	                 "onPremisesLastPasswordSyncDateTime is an array");
	assert_org_error("{value: [", "not valid JSON");
	assert_org_error("{\"value\":[{\"a\":\"\xff\"}]}", "not valid JSON");
	/* Nesting deeper than the parser allows is refused, not followed. */
	char deep[200];
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	assert_org_error(deep, "JSON");
}
END_TEST

static void assert_graph_error(long status, const char *body, const char *type,
                               const char *retry_clause, const char *expected) {
	ds_error err = {0};
	ds_graph_error(status, body, strlen(body), type, "graph.example", retry_clause,
	               "the Microsoft Graph application permission Organization.Read.All with admin "
	               "consent",
	               &err);
	ck_assert_msg(strstr(err.text, expected) != NULL, "'%s' lacks '%s'", err.text, expected);
}

START_TEST(graph_errors_name_the_fix) {
	assert_graph_error(
	    403, "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"x\"}}",
	    "application/json", NULL,
	    "Graph refused access (403 Authorization_RequestDenied): grant the app the Microsoft "
	    "Graph application permission Organization.Read.All with admin consent");
	assert_graph_error(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}",
	                   "application/json", NULL,
	                   "refused the access token (401 InvalidAuthenticationToken)");
	assert_graph_error(429, "{\"error\":{\"code\":\"TooManyRequests\"}}", "application/json",
	                   "asks to retry after 120.0 s",
	                   "Graph is throttling this app (429 TooManyRequests) and asks to retry "
	                   "after 120.0 s");
	assert_graph_error(503, "", "text/plain", "the timeout left no time to retry",
	                   "Graph is unavailable (HTTP 503) and the timeout left no time to retry");
	assert_graph_error(500, "<html>oops</html>", "text/html", NULL,
	                   "answered HTTP 500 with text/html instead of JSON");
	assert_graph_error(302, "", "", NULL, "redirect (HTTP 302), which is not followed");
	assert_graph_error(400, "{\"error\":{\"code\":\"BadRequest\"}}", "application/json", NULL,
	                   "HTTP 400 with error BadRequest");
	assert_graph_error(404, "", "application/json", NULL, "HTTP 404 without an error code");
}
END_TEST

/* A Graph error code is cut to its room between characters, never inside one. */
START_TEST(graph_error_code_is_cut_between_characters) {
	char body[512] = "{\"error\":{\"code\":\"";
	size_t len = strlen(body);
	for (int i = 0; i < 40; i++) { /* 120 bytes of three-byte characters */
		memcpy(body + len, "\xe2\x82\xac", 3);
		len += 3;
	}
	memcpy(body + len, "\"}}", 4);
	ds_error err = {0};
	ds_graph_error(400, body, strlen(body), "application/json", "graph.example", NULL, "", &err);
	const char *code = strstr(err.text, "with error ");
	ck_assert_ptr_nonnull(code);
	code += strlen("with error ");
	ck_assert_uint_eq(strlen(code), 93); /* 31 whole characters of the 95 bytes of room */
	for (size_t i = 0; i < strlen(code); i += 3) {
		ck_assert(memcmp(code + i, "\xe2\x82\xac", 3) == 0);
	}
}
END_TEST

START_TEST(organization_paths) {
	ck_assert_str_eq(
	    ds_graph_organization_path(false),
	    "/v1.0/organization?%24select=onPremisesLastSyncDateTime,onPremisesSyncEnabled");
	ck_assert(strncmp(ds_graph_organization_path(true),
	                  "/beta/organization?%24select="
	                  "onPremisesLastPasswordSyncDateTime,",
	                  58) == 0);
}
END_TEST

START_TEST(retry_after_forms) {
	ck_assert(ds_http_parse_retry_after("2.128", NOW) > 2.127);
	ck_assert(ds_http_parse_retry_after("2.128", NOW) < 2.129);
	ck_assert(ds_http_parse_retry_after("10", NOW) == 10.0);
	ck_assert(ds_http_parse_retry_after("0", NOW) == 0.0);
	ck_assert(ds_http_parse_retry_after("", NOW) < 0);
	ck_assert(ds_http_parse_retry_after("-1", NOW) < 0);
	ck_assert(ds_http_parse_retry_after("5s", NOW) < 0);
	ck_assert(ds_http_parse_retry_after(NULL, NOW) < 0);
	/* 2026-11-24T14:58:21Z + 30 s as an HTTP date. */
	ck_assert(ds_http_parse_retry_after("Tue, 24 Nov 2026 14:58:51 GMT", NOW) == 30.0);
	ck_assert(ds_http_parse_retry_after("Tue, 24 Nov 2026 14:00:00 GMT", NOW) == 0.0);
	ck_assert(ds_http_parse_retry_after("Tue, 24 Foo 2026 14:58:51 GMT", NOW) < 0);
	ck_assert(ds_http_parse_retry_after("Tue, 24 Nov 2026 14:58:51 CET", NOW) < 0);
}
END_TEST

/* RFC 9110 5.6.7: a recipient also reads the obsolete RFC 850 form (two-digit year). */
START_TEST(retry_after_http_date_forms) {
	ck_assert(ds_http_parse_retry_after("Tuesday, 24-Nov-26 14:58:51 GMT", NOW) == 30.0);
	ck_assert(ds_http_parse_retry_after("Tue, 24 Nov 2026 14:59:21 GMT", NOW) == 60.0);
	ck_assert(ds_http_parse_retry_after("Wed, 25 Nov 2026 14:58:21 GMT", NOW) == 86400.0);
	ck_assert(ds_http_parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW) == 0.0);
	ck_assert(ds_http_parse_retry_after("Tuesday, 24-Nov-26 14:58:51 PST", NOW) < 0);
	ck_assert(ds_http_parse_retry_after("Tue, 24 Nov 2026 14:58:51", NOW) < 0);
	ck_assert(ds_http_parse_retry_after("GMT", NOW) < 0);
	ck_assert(ds_http_parse_retry_after(" GMT", NOW) < 0);
}
END_TEST

/* A request refused before any traffic names the host and port as libcurl's URL parser
 * reads them: never the user information a URL may carry. */
START_TEST(http_sentence_names_the_host_only) {
	ds_http http;
	ds_http_options options = {.ca_file = NULL, .proxy = NULL, .user_agent = "test"};
	ds_error err = {0};
	ck_assert_msg(ds_http_init(&http, &options, &err), "%s", err.text);
	ds_deadline deadline = ds_deadline_start(5, DS_UNKNOWN);
	static const char *const urls[][2] = {
	    {"http://user:s3cret@Example.com:8080/v1.0/x?y=1", "Example.com:8080"},
	    {"http://graph.example/v1.0/organization", "graph.example"},
	    {"http://[::1]:1/x", "[::1]:1"},
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		ds_http_request request = {.method = "GET", .url = urls[i][0]};
		ds_http_response response;
		err.timed_out = true;
		ck_assert(!ds_http_perform(&http, &request, &deadline, &response, &err));
		ck_assert(!err.timed_out);
		char expected[128];
		ck_assert(ds_format_text(expected, sizeof expected,
		                         "refusing %s: only https:// URLs are used", urls[i][1]));
		ck_assert_str_eq(err.text, expected);
		ck_assert_str_eq(response.host, urls[i][1]);
	}
	/* No time left: the error says it is the deadline's, whatever the caller's clock. */
	ds_deadline spent = ds_deadline_start_at(ds_monotonic_ms() - 10000, 5, DS_CRITICAL);
	ds_http_request request = {.method = "GET", .url = "https://graph.example/v1.0/x"};
	ds_http_response response;
	ck_assert(!ds_http_perform(&http, &request, &spent, &response, &err));
	ck_assert(err.timed_out);
	ck_assert_str_eq(err.text, "no time left before asking graph.example");
	ds_http_cleanup(&http);
}
END_TEST

/* Whatever the service sends, the answer is a number of seconds the clock arithmetic can
 * hold, or -1. */
START_TEST(retry_after_out_of_range_or_garbage) {
	const double max = DS_HTTP_RETRY_AFTER_MAX;
	ck_assert(ds_http_parse_retry_after("1e300", NOW) == max);
	ck_assert(ds_http_parse_retry_after("1e999", NOW) == max);
	ck_assert(ds_http_parse_retry_after("99999999999999999999999999", NOW) == max);
	ck_assert(ds_http_parse_retry_after("31622401", NOW) == max);
	ck_assert(ds_http_parse_retry_after("1e3", NOW) == 1000.0);
	ck_assert(ds_http_parse_retry_after("1E+1", NOW) == 10.0);
	ck_assert(ds_http_parse_retry_after("1e-999", NOW) == 0.0);
	static const char *const unusable[] = {
	    "inf",
	    "Infinity",
	    "nan",
	    "NaN",
	    "-inf",
	    "-0",
	    "-1e300",
	    "+5",
	    "0x10",
	    "1.",
	    ".5",
	    "1e",
	    "1e+",
	    "5 s",
	    " 5",
	    "5,0",
	    "1.5.2",
	    "\xff",
	    "Tue, 24 Nov 2026 14:58:51 GMT trailing",
	    "Tue, 24 Nov 2026 25:00:00 GMT",
	};
	for (size_t i = 0; i < sizeof unusable / sizeof unusable[0]; i++) {
		ck_assert_msg(ds_http_parse_retry_after(unusable[i], NOW) == -1, "'%s'", unusable[i]);
	}
	ck_assert(ds_http_parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW) == max);
}
END_TEST

START_TEST(retry_policy) {
	int64_t wait = -1;
	ck_assert_int_eq(ds_http_retry_decide(200, 0, 1, 10000, &wait), DS_HTTP_ANSWERED);
	ck_assert_int_eq(ds_http_retry_decide(500, 0, 1, 10000, &wait), DS_HTTP_ANSWERED);
	ck_assert_int_eq(ds_http_retry_decide(429, 0, 1, 3000, &wait), DS_HTTP_RETRY);
	ck_assert_int_eq(wait, 0);
	ck_assert_int_eq(ds_http_retry_decide(503, 0.5, 1, 3000, &wait), DS_HTTP_RETRY);
	ck_assert_int_eq(wait, 500);
	ck_assert_int_eq(ds_http_retry_decide(429, 0.0004, 1, 3000, &wait), DS_HTTP_RETRY);
	ck_assert_int_eq(wait, 1);
	/* No Retry-After (or an unusable one): a 1 s back-off. */
	ck_assert_int_eq(ds_http_retry_decide(429, -1, 1, 3000, &wait), DS_HTTP_RETRY);
	ck_assert_int_eq(wait, 1000);
	ck_assert_int_eq(ds_http_retry_decide(429, -1, 1, 1200, &wait), DS_HTTP_STOP_NO_TIME);
	/* A wait that ends after the deadline, or leaves no room for the request. */
	ck_assert_int_eq(ds_http_retry_decide(429, 120, 1, 10000, &wait), DS_HTTP_STOP_TOO_LATE);
	ck_assert_int_eq(ds_http_retry_decide(503, DS_HTTP_RETRY_AFTER_MAX, 1, 10000, &wait),
	                 DS_HTTP_STOP_TOO_LATE);
	ck_assert_int_eq(ds_http_retry_decide(429, 2.5, 1, 2400, &wait), DS_HTTP_STOP_TOO_LATE);
	ck_assert_int_eq(ds_http_retry_decide(429, 2.5, 1, 2600, &wait), DS_HTTP_STOP_NO_TIME);
	ck_assert_int_eq(ds_http_retry_decide(429, 0, 1, 100, &wait), DS_HTTP_STOP_NO_TIME);
	ck_assert_int_eq(ds_http_retry_decide(429, 0, 1, -5, &wait), DS_HTTP_STOP_NO_TIME);
	ck_assert_int_eq(ds_http_retry_decide(429, 0, 1, INT64_MIN, &wait), DS_HTTP_STOP_NO_TIME);
	/* Retry-After: 0 forever: 5 requests in all, however much time is left. */
	int attempts = 1;
	while (ds_http_retry_decide(429, 0, attempts, INT64_MAX / 2, &wait) == DS_HTTP_RETRY) {
		attempts++;
		ck_assert_int_le(attempts, DS_HTTP_MAX_ATTEMPTS);
	}
	ck_assert_int_eq(attempts, DS_HTTP_MAX_ATTEMPTS);
	ck_assert_int_eq(ds_http_retry_decide(429, 0, attempts, 10000, &wait), DS_HTTP_STOP_ATTEMPTS);
	/* Every wait ends before the deadline. */
	static const double afters[] = {-1, 0, 0.001, 0.249, 0.25, 1, 9.75, 9.999, 10, 1e6};
	for (size_t i = 0; i < sizeof afters / sizeof afters[0]; i++) {
		for (int64_t left = -1000; left <= 12000; left += 125) {
			if (ds_http_retry_decide(429, afters[i], 1, left, &wait) == DS_HTTP_RETRY) {
				ck_assert_int_ge(wait, 0);
				ck_assert_int_lt(wait, left);
			}
		}
	}
}
END_TEST

static const char *clause(ds_http_retry_step step, double after, bool unusable, int attempts) {
	static char text[256];
	ds_http_response r = {.status = 429,
	                      .retry_after = after,
	                      .retry_after_unusable = unusable,
	                      .attempts = attempts,
	                      .retry_step = step};
	ds_http_retry_clause(&r, text, sizeof text);
	return text;
}

START_TEST(retry_clause_fits_each_ending) {
	ck_assert_str_eq(clause(DS_HTTP_STOP_ATTEMPTS, 0, false, 5),
	                 "answered so to all 5 requests, each asking to retry at once "
	                 "(Retry-After: 0): check less often");
	ck_assert_str_eq(clause(DS_HTTP_STOP_ATTEMPTS, 1, false, 5),
	                 "answered so to all 5 requests: check less often");
	ck_assert_str_eq(clause(DS_HTTP_STOP_TOO_LATE, 120, false, 1),
	                 "asks to retry after 120.0 s, later than the timeout allows: raise -t or "
	                 "check less often");
	ck_assert_str_eq(clause(DS_HTTP_STOP_TOO_LATE, DS_HTTP_RETRY_AFTER_MAX, false, 1),
	                 "asks to retry in more than a day, later than the timeout allows: check "
	                 "again later");
	ck_assert_str_eq(clause(DS_HTTP_STOP_NO_TIME, 0, false, 3),
	                 "asks to retry after 0.0 s, but the timeout left no time for another "
	                 "request: raise -t");
	ck_assert_str_eq(clause(DS_HTTP_STOP_NO_TIME, -1, false, 2),
	                 "the timeout left no time to retry: raise -t");
	ck_assert_str_eq(clause(DS_HTTP_STOP_NO_TIME, -1, true, 2),
	                 "the timeout left no time to retry (its Retry-After is neither seconds "
	                 "nor a date): raise -t");
	ck_assert_str_eq(clause(DS_HTTP_ANSWERED, -1, false, 1), "was not retried");
	char tiny[8];
	ds_http_response r = {.retry_step = DS_HTTP_STOP_ATTEMPTS, .attempts = 5};
	ds_http_retry_clause(&r, tiny, sizeof tiny);
	ck_assert_uint_lt(strlen(tiny), sizeof tiny);
}
END_TEST

/* The linker sends every free() of this program through here (-Wl,--wrap=free), so that
 * the test can see what a body held when it was given back. */
void __real_free(void *pointer);
void __wrap_free(void *pointer);
static const char *watched;
static size_t watched_len;
static bool watched_freed_wiped;
static bool watched_freed;

void __wrap_free(void *pointer) {
	if (pointer != NULL && pointer == watched) {
		watched_freed = true;
		watched_freed_wiped = true;
		for (size_t i = 0; i < watched_len; i++) {
			watched_freed_wiped = watched_freed_wiped && watched[i] == '\0';
		}
		watched = NULL;
	}
	__real_free(pointer);
}

START_TEST(response_body_is_wiped_before_it_is_freed) {
	static const char answer[] = "{\"token_type\":\"Bearer\",\"access_token\":\"eyJ0.SECRET\"}";
	ds_http_response r = {.status = 200};
	r.body = strdup(answer);
	ck_assert_ptr_nonnull(r.body);
	r.body_len = strlen(answer);
	watched = r.body;
	watched_len = r.body_len;
	watched_freed = false;
	ds_http_response_free(&r);
	ck_assert(watched_freed);
	ck_assert_msg(watched_freed_wiped, "the body still held the answer when it was freed");
	ck_assert_ptr_null(r.body);
	ck_assert_uint_eq(r.body_len, 0);
	ds_http_response_free(&r); /* twice is harmless */
}
END_TEST

int main(void) {
	Suite *suite = suite_create("cloud_parse");
	TCase *tc = tcase_create("cloud_parse");
	tcase_add_test(tc, token_success_with_number_or_string_lifetime);
	tcase_add_test(tc, token_errors_name_the_fix);
	tcase_add_test(tc, token_error_texts_are_cut_to_fit);
	tcase_add_test(tc, assertion_time_range_names_the_clock_or_the_token);
	tcase_add_test(tc, token_answers_that_are_not_tokens);
	tcase_add_test(tc, nul_in_a_string_names_the_property);
	tcase_add_test(tc, token_with_blanks_or_control_characters_is_refused);
	tcase_add_test(tc, json_ends_are_told_apart);
	tcase_add_test(tc, token_lifetime_beyond_64_bits_is_refused);
	tcase_add_test(tc, organization_shapes);
	tcase_add_test(tc, organization_errors);
	tcase_add_test(tc, graph_errors_name_the_fix);
	tcase_add_test(tc, graph_error_code_is_cut_between_characters);
	tcase_add_test(tc, organization_paths);
	tcase_add_test(tc, retry_after_forms);
	tcase_add_test(tc, retry_after_http_date_forms);
	tcase_add_test(tc, http_sentence_names_the_host_only);
	tcase_add_test(tc, retry_after_out_of_range_or_garbage);
	tcase_add_test(tc, retry_policy);
	tcase_add_test(tc, retry_clause_fits_each_ending);
	tcase_add_test(tc, response_body_is_wiped_before_it_is_freed);
	suite_add_tcase(suite, tc);
	return ds_run_suite(suite);
}
