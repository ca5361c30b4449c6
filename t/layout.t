#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
#
# The layering of lib/ (README, Development): core/ is the plugin framework and includes
# no other folder of lib/; a domain folder (age, version, errors, os, event) includes core/ and
# itself, and age/, version/ and errors/ may use cloud/; cloud/ includes core/ and itself. Headers
# of third-party libraries (libcurl, json-c, OpenSSL, libxml2, expat) appear only in
# lib/cloud/ and lib/event/. Every include of lib/ names its folder ("core/error.h").
. "$top_srcdir/t/lib.sh"
cd "$top_srcdir" || exit 99

allowed_folders() { # folder: the folders of lib/ its files may include
	case $1 in
		core) echo core ;;
		age | version | errors) echo "core $1 cloud" ;;
		os | event) echo "core $1" ;;
		cloud) echo "core cloud" ;;
		*) echo "" ;;
	esac
}

# violations FOLDER: one line per include of FOLDER's files that breaks the rules.
violations() {
	local folder=$1 allowed file line target
	allowed=" $(allowed_folders "$folder") "
	for file in lib/"$folder"/*.[ch]; do
		while IFS= read -r line; do
			target=${line#*\"}
			target=${target%%\"*}
			[ "$target" = config.h ] && continue
			case $target in
				*/*) ;;
				*)
					echo "$file: \"$target\" does not name its folder"
					continue
					;;
			esac
			[[ $allowed == *" ${target%%/*} "* ]] || echo "$file: includes $target"
		done < <(grep -E '^#[[:space:]]*include[[:space:]]+"' "$file")
	done
}

for folder in core age version errors os event cloud; do
	[ -d "lib/$folder" ]
	tap_result $? "lib/$folder/ exists"
	found=$(violations "$folder")
	[ -z "$found" ]
	tap_result $? "lib/$folder/ includes only $(allowed_folders "$folder" | sed 's/ /, /g')"
	[ -z "$found" ] || printf '# %s\n' "$found" | head -n 20
done

# Nothing else lives in lib/ itself.
stray=$(find lib -maxdepth 1 -type f -name '*.[ch]')
[ -z "$stray" ]
tap_result $? "every file of lib/ is in a folder${stray:+: $stray}"

third_party='^#[[:space:]]*include[[:space:]]*<(curl/|json-c/|json\.h|openssl/|libxml/|expat)'
offenders=$(grep -lE "$third_party" lib/*/*.[ch] plugins/*.[ch] plugins/*/*.[ch] |
	grep -vE '^lib/(cloud|event)/')
[ -z "$offenders" ]
tap_result $? "third-party headers only in lib/cloud/ and lib/event/${offenders:+: $offenders}"

# The Windows build of check_dirsync_version has no cloud library: what it compiles
# includes no header of lib/cloud/ or of the code behind the Graph options.
offenders=$(grep -lE '^#[[:space:]]*include[[:space:]]*"(cloud/|common/cloud_cli\.h)' \
	plugins/check_dirsync_version.c plugins/version_graph.h plugins/version_graph_none.c \
	plugins/common/cloud_options.h plugins/common/plugin.h)
[ -z "$offenders" ]
tap_result $? "the Windows check_dirsync_version includes no cloud header${offenders:+: $offenders}"

# The test's own rules catch what they should: a core file that includes a domain.
mkdir -p "$TEST_TMP/lib/core"
printf '#include "config.h"\n#include "event/event.h"\n#include "core/text.h"\n' \
	>"$TEST_TMP/lib/core/bad.c"
found=$(cd "$TEST_TMP" && violations core)
[ "$found" = 'lib/core/bad.c: includes event/event.h' ]
tap_result $? "a core file that includes a domain is found ($found)"

done_testing
