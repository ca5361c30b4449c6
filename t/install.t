#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# make install and make uninstall into a scratch DESTDIR: the plugins, data tables, man
# pages and documentation land where configure said, the man pages render cleanly, and
# uninstall removes every file again.
. "$top_srcdir/t/lib.sh"
root="$TEST_TMP/root"

# A plain make in the build directory: not the make running 'make check' (no jobserver,
# no command-line variables), and 'install' builds nothing the tests need.
build_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u GNUMAKEFLAGS make -s -C "$top_builddir" "$@"
}

run build_make install DESTDIR="$root"
is_rc 0 "make install DESTDIR=..."
[ -n "$DS_PLUGINDIR" ] && [ -n "$DS_PKGDATADIR" ] && [ -n "$DS_MAN1DIR" ] && [ -n "$DS_DOCDIR" ]
tap_result $? "the install directories are known (DS_PLUGINDIR=$DS_PLUGINDIR)"

for p in check_dirsync_age check_dirsync_errors check_dirsync_event check_dirsync_os check_dirsync_version; do
	f="$root$DS_PLUGINDIR/$p$EXEEXT"
	[ -f "$f" ] && [ -x "$f" ]
	tap_result $? "plugin $p is installed, executable, in $DS_PLUGINDIR"
done
for f in sync-releases.txt windows-server.txt; do
	cmp -s "$top_srcdir/data/$f" "$root$DS_PKGDATADIR/$f"
	tap_result $? "data table $f is installed in $DS_PKGDATADIR"
done
for f in README.md contrib/icinga2/dirsync.conf contrib/nagios/dirsync.cfg \
	contrib/nrpe/dirsync.cfg contrib/nsclient/nsclient.ini; do
	cmp -s "$top_srcdir/$f" "$root$DS_DOCDIR/$f"
	tap_result $? "$f is installed in $DS_DOCDIR"
done

# The man pages must render without a single warning from groff (as lintian runs man).
render() { # file
	if command -v groff >/dev/null 2>&1; then
		LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$1"
	else
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$1" >/dev/null
	fi
}
for p in check_dirsync_age check_dirsync_errors check_dirsync_event check_dirsync_os check_dirsync_version; do
	m="$root$DS_MAN1DIR/$p.1"
	[ -f "$m" ]
	tap_result $? "man page $p.1 is installed in $DS_MAN1DIR"
	run render "$m"
	[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/stderr" ] && [ ! -s "$TEST_TMP/stdout" ]
	tap_result $? "man page $p.1 renders without warnings"
	grep -Eq "^$p \\\\- [A-Z].*[^.]\$" "$m" 2>/dev/null
	tap_result $? "man page $p.1 has a NAME line '$p \\- ...'"
	grep -q "^\.TH $(echo "$p" | tr a-z A-Z) 1 " "$m" 2>/dev/null
	tap_result $? "man page $p.1 is in section 1"
done

run build_make uninstall DESTDIR="$root"
is_rc 0 "make uninstall DESTDIR=..."
left=$(find "$root" ! -type d 2>/dev/null)
[ -z "$left" ]
tap_result $? "make uninstall leaves no files${left:+: $(echo $left)}"

done_testing
