/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
#include "os/facts.h"

#include <windows.h>
#include <stdio.h>
#include <string.h>

#ifndef IMAGE_FILE_MACHINE_ARM64
#define IMAGE_FILE_MACHINE_ARM64 0xAA64
#endif
#ifndef PROCESSOR_ARCHITECTURE_ARM64
#define PROCESSOR_ARCHITECTURE_ARM64 12
#endif

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOEXW *);
typedef BOOL(WINAPI *is_wow64_process2_fn)(HANDLE, USHORT *, USHORT *);

static void machine_from_image(USHORT image, ds_os_facts *facts) {
	static const struct {
		USHORT image;
		const char *name;
	} machines[] = {{IMAGE_FILE_MACHINE_AMD64, "AMD64"},
	                {IMAGE_FILE_MACHINE_ARM64, "ARM64"},
	                {IMAGE_FILE_MACHINE_IA64, "IA64"},
	                {IMAGE_FILE_MACHINE_I386, "x86"},
	                {IMAGE_FILE_MACHINE_ARMNT, "ARM"}};
	for (size_t i = 0; i < sizeof machines / sizeof machines[0]; i++) {
		if (machines[i].image == image) {
			(void)snprintf(facts->machine, sizeof facts->machine, "%s", machines[i].name);
			return;
		}
	}
	(void)snprintf(facts->machine, sizeof facts->machine, "machine 0x%04x", image);
}

static void machine_from_processor(WORD architecture, ds_os_facts *facts) {
	switch (architecture) {
		case PROCESSOR_ARCHITECTURE_AMD64:
			machine_from_image(IMAGE_FILE_MACHINE_AMD64, facts);
			break;
		case PROCESSOR_ARCHITECTURE_ARM64:
			machine_from_image(IMAGE_FILE_MACHINE_ARM64, facts);
			break;
		case PROCESSOR_ARCHITECTURE_IA64:
			machine_from_image(IMAGE_FILE_MACHINE_IA64, facts);
			break;
		case PROCESSOR_ARCHITECTURE_INTEL:
			machine_from_image(IMAGE_FILE_MACHINE_I386, facts);
			break;
		case PROCESSOR_ARCHITECTURE_ARM:
			machine_from_image(IMAGE_FILE_MACHINE_ARMNT, facts);
			break;
		default:
			(void)snprintf(facts->machine, sizeof facts->machine, "architecture %u",
			               (unsigned)architecture);
	}
}

/* The OS's own architecture, not this process's: a 32-bit plugin under WOW64 must
 * still report a 64-bit Windows. IsWow64Process2 (Windows 10 1511+) knows ARM64
 * hosts; older systems only have GetNativeSystemInfo. */
static void read_native_machine(ds_os_facts *facts) {
	HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
	is_wow64_process2_fn is_wow64_process2 =
	    kernel32 != NULL
	        ? (is_wow64_process2_fn)(void (*)(void))GetProcAddress(kernel32, "IsWow64Process2")
	        : NULL;
	USHORT process_machine = 0;
	USHORT native_machine = 0;
	if (is_wow64_process2 != NULL &&
	    is_wow64_process2(GetCurrentProcess(), &process_machine, &native_machine)) {
		machine_from_image(native_machine, facts);
	} else {
		SYSTEM_INFO info;
		GetNativeSystemInfo(&info);
		machine_from_processor(info.wProcessorArchitecture, facts);
	}
	facts->native_bits = ds_machine_bits(facts->machine);
}

/* GetVersionEx answers what the manifest lets it; RtlGetVersion tells the truth. */
static bool read_version(ds_os_facts *facts, ds_error *err) {
	HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
	rtl_get_version_fn rtl_get_version =
	    ntdll != NULL ? (rtl_get_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion")
	                  : NULL;
	if (rtl_get_version == NULL) {
		return ds_error_set(err, "cannot read the Windows version: ntdll.dll has no "
		                         "RtlGetVersion (this Windows is older than any the sync "
		                         "tool ever supported)");
	}
	OSVERSIONINFOEXW info;
	memset(&info, 0, sizeof info);
	info.dwOSVersionInfoSize = sizeof info;
	if (rtl_get_version(&info) != 0) {
		return ds_error_set(err, "cannot read the Windows version: RtlGetVersion failed");
	}
	facts->major = info.dwMajorVersion;
	facts->minor = info.dwMinorVersion;
	facts->build = info.dwBuildNumber;
	switch (info.wProductType) {
		case VER_NT_WORKSTATION:
			facts->product_type = DS_PRODUCT_WORKSTATION;
			break;
		case VER_NT_DOMAIN_CONTROLLER:
			facts->product_type = DS_PRODUCT_DOMAIN_CONTROLLER;
			break;
		case VER_NT_SERVER:
			facts->product_type = DS_PRODUCT_SERVER;
			break;
		default:
			facts->product_type = DS_PRODUCT_UNKNOWN;
	}
	return true;
}

static void read_string(HKEY key, const wchar_t *name, char *out, size_t size) {
	wchar_t wide[256];
	DWORD bytes = sizeof wide;
	out[0] = '\0';
	if (RegGetValueW(key, NULL, name, RRF_RT_REG_SZ, NULL, wide, &bytes) != ERROR_SUCCESS) {
		return;
	}
	if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL) == 0) {
		out[0] = '\0';
	}
}

static void read_dword(HKEY key, const wchar_t *name, unsigned *out) {
	DWORD value = 0;
	DWORD bytes = sizeof value;
	if (RegGetValueW(key, NULL, name, RRF_RT_REG_DWORD, NULL, &value, &bytes) == ERROR_SUCCESS) {
		*out = (unsigned)value;
	}
}

/* InstallationType is the only place that tells Server Core from the full GUI. The
 * 64-bit view is asked for explicitly so that a 32-bit plugin reads the real key. */
static bool read_registry(ds_os_facts *facts, ds_error *err) {
	HKEY key;
	LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
	                        0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
	if (rc != ERROR_SUCCESS) {
		return ds_error_set(err,
		                    "cannot open HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion "
		                    "(error %ld): run the plugin as a user that may read HKLM",
		                    (long)rc);
	}
	read_string(key, L"InstallationType", facts->installation_type,
	            sizeof facts->installation_type);
	read_string(key, L"ProductName", facts->product_name, sizeof facts->product_name);
	read_string(key, L"EditionID", facts->edition_id, sizeof facts->edition_id);
	read_dword(key, L"UBR", &facts->revision);
	RegCloseKey(key);
	return true;
}

bool ds_os_facts_read(ds_os_facts *facts, ds_error *err) {
	memset(facts, 0, sizeof *facts);
	facts->is_windows = true;
	read_native_machine(facts);
	if (!read_version(facts, err)) {
		return false;
	}
	if (!read_registry(facts, err)) {
		return false;
	}
	(void)snprintf(facts->system, sizeof facts->system, "Windows %u.%u.%u", facts->major,
	               facts->minor, facts->build);
	return true;
}
