/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copyright (C) 2026 The dirsync-plugins developers */
/* A stand-in for miiserver.exe and AzureADConnect.exe: only its version resource
 * (fake_engine.rc) matters to the tests. */
int main(void) {
	return 0;
}
