#include "core/sys.h"

#include <time.h>

int64_t ds_monotonic_ms(void) {
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
		return 0;
	}
	return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int64_t ds_now_epoch(void) {
	struct timespec now;
	if (clock_gettime(CLOCK_REALTIME, &now) != 0) {
		return 0;
	}
	return (int64_t)now.tv_sec;
}

void ds_stdout_binary(void) {
}
