/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* The watchdog's timer on POSIX: setitimer(ITIMER_REAL) and SIGALRM, whose handler uses
 * only async-signal-safe calls (write, _exit). */
#include "core/watchdog_timer.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/sys.h"

static const char *timer_text;
static const volatile size_t *timer_len;
static volatile sig_atomic_t timer_exit_code = 3;

static void on_alarm(int signum) {
	(void)signum;
	size_t left = *timer_len;
	const char *p = timer_text;
	while (left > 0) {
		ssize_t n = write(STDOUT_FILENO, p, left);
		if (n <= 0) {
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	_exit(timer_exit_code);
}

bool ds_watchdog_timer_start(int64_t fire_at_ms, const char *text, const volatile size_t *len,
                             int exit_code) {
	timer_text = text;
	timer_len = len;
	timer_exit_code = exit_code;
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = on_alarm;
	(void)sigemptyset(&action.sa_mask);
	if (sigaction(SIGALRM, &action, NULL) != 0) {
		return false;
	}
	int64_t wait_ms = fire_at_ms - ds_monotonic_ms();
	if (wait_ms < 1) {
		wait_ms = 1;
	}
	struct itimerval timer = {.it_value = {.tv_sec = (time_t)(wait_ms / 1000),
	                                       .tv_usec = (suseconds_t)(wait_ms % 1000) * 1000}};
	return setitimer(ITIMER_REAL, &timer, NULL) == 0;
}

void ds_watchdog_timer_stop(void) {
	struct itimerval off;
	memset(&off, 0, sizeof off);
	(void)setitimer(ITIMER_REAL, &off, NULL);
}

static void set_alarm_blocked(int how) {
	sigset_t alarm;
	(void)sigemptyset(&alarm);
	(void)sigaddset(&alarm, SIGALRM);
	(void)sigprocmask(how, &alarm, NULL);
}

void ds_watchdog_timer_block(void) {
	set_alarm_blocked(SIG_BLOCK);
}

void ds_watchdog_timer_unblock(void) {
	set_alarm_blocked(SIG_UNBLOCK);
}
