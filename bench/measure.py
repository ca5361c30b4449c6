# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
"""The measuring half of bench/run, which sets up the loopback server, the certificates and
the build, and passes them here in the environment (BENCH_*). Every figure is paired with
a baseline measured in the same run: the commands of a group take turns, run by run, so
that a busy moment slows all of them alike. CPU time comes from wait4(), the figure
/usr/bin/time -v prints, but at microsecond rather than its 10 ms resolution. Peak RSS
comes from /usr/bin/time itself: a child forked from this python inherits python's peak
in its own.
With BENCH_CALLGRIND=1 each command also runs once under valgrind --tool=callgrind: its
instruction count does not change with the load of the machine."""
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

WARMUP = 3
BATCH = 500
PARALLEL = (2, 8, 32)

env = os.environ
runs = int(env["BENCH_RUNS"])
batch_runs = int(env.get("BENCH_BATCH_RUNS", "3"))
callgrind = env.get("BENCH_CALLGRIND", "0") == "1" and shutil.which("valgrind") is not None
work, base, build, src, out_path = (env["BENCH_WORK"], env["BENCH_BASE"], env["BENCH_BUILD"],
                                    env["BENCH_SRC"], env["BENCH_OUT"])
python, perl = "/usr/bin/python3", "/usr/bin/perl"
ca, secret, token_log = f"{work}/ca.pem", f"{work}/secret", f"{work}/logs/token.log"
plugins = f"{build}/plugins"
load_before = os.getloadavg()


def progress(text):
    print(text, file=sys.stderr, flush=True)


class Command:
    def __init__(self, label, argv, expect, status=0, needs=None):
        self.label, self.argv, self.expect, self.status = label, argv, expect, status
        # The packages an optional baseline comes from, named when it cannot run.
        self.needs = needs
        self.problem = None
        self.failures = 0
        self.wall, self.cpu, self.rss = [], [], []
        self.instructions = None

    def verify(self):
        """Runs once and looks at the output, so that a broken baseline is reported, not
        timed."""
        try:
            done = subprocess.run(self.argv, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.problem = str(e)
            if self.needs and isinstance(e, OSError):
                self.problem = f"not installed (apt-get install {self.needs})"
            return False
        # 127: the dynamic loader did not find a library the program needs.
        if self.needs and done.returncode == 127:
            self.problem = f"cannot start (apt-get install {self.needs})"
            return False
        if done.returncode != self.status or self.expect not in done.stdout:
            lines = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()
            self.problem = f"exit {done.returncode}: {lines[-1][:120]}"
            return False
        return True

    def run(self, keep=True):
        start = time.perf_counter()
        proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != self.status:
            self.failures += 1
        if keep:
            self.wall.append(wall)
            self.cpu.append((usage.ru_utime + usage.ru_stime) * 1000)

    def measure_rss(self, times=3):
        for _ in range(times):
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f"{work}/rss"] + self.argv,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            try:
                with open(f"{work}/rss") as f:
                    self.rss.append(int(f.read().split()[-1]))
            except (OSError, ValueError, IndexError):
                return

    def count_instructions(self):
        """All the processes of the command (a shell and its curls), as callgrind counts
        them: every instruction the command runs in user space, loading included."""
        out = f"{work}/callgrind"
        shutil.rmtree(out, ignore_errors=True)
        os.mkdir(out)
        subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                        f"--callgrind-out-file={out}/%p"] + self.argv,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        total = 0
        for name in os.listdir(out):
            with open(f"{out}/{name}") as f:
                for line in f:
                    if line.startswith("totals:") or line.startswith("summary:"):
                        total += int(line.split()[1])
                        break
        self.instructions = total or None

    def name(self):
        return self.label + (f" ({self.failures} runs failed)" if self.failures else "")

    def median(self):
        return statistics.median(self.wall)


def measure(title, commands):
    """Returns how many token requests the timed runs made."""
    usable = [c for c in commands if c.verify()]
    progress(f"bench: {title}: {len(usable)} commands, {WARMUP} warm-up + {runs} runs each")
    for c in usable:
        for _ in range(WARMUP):
            c.run(keep=False)
    before = token_requests()
    for i in range(runs):
        for c in usable[i % len(usable):] + usable[:i % len(usable)]:
            c.run()
    tokens = token_requests() - before
    for c in usable:
        c.measure_rss()
        if callgrind:
            c.count_instructions()
    return tokens


def token_requests():
    try:
        with open(token_log) as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def script(kind, mode):
    if kind == "lwp":
        return [perl, f"{src}/bench/baseline_lwp.pl", mode, base, ca, secret]
    argv = [python, f"{src}/bench/baseline_{kind}.py", mode, base, ca, secret]
    return argv + [f"{work}/msal-cache.json"] if kind == "msal" else argv


last_sync = env["BENCH_LAST_SYNC"]
org_url = f"{base}/v1.0/organization?%24select=onPremisesLastSyncDateTime,onPremisesSyncEnabled"
curl = ["curl", "-s", "-S", "-f", "--cacert", ca]
token_curl = curl + ["-o", "/dev/null", "-X", "POST", "-d",
                     "client_id=bench&scope=x&grant_type=client_credentials"
                     "&client_secret=bench-secret", f"{base}/bench.example/oauth2/v2.0/token"]
org_curl = curl + ["-H", "Authorization: Bearer eyJ0eXAi.bench", org_url]
# The token POST and the Graph GET in one curl process: --next keeps the connection.
next_curl = token_curl + ["--next"] + org_curl[1:]
# What an admin would run instead of check_dirsync_age: the monitoring-plugins' HTTP check,
# the same GET, verifying the server against the bench CA, looking for the date in the body.
check_curl_path = "/usr/lib/nagios/plugins/check_curl"
check_curl = [check_curl_path, "-I", "127.0.0.1", "-H", "127.0.0.1", "-p", base.rsplit(":", 1)[1],
              "-S", f"--ca-cert={ca}", "-D", "-k", "Authorization: Bearer eyJ0eXAi.bench",
              "-u", org_url[len(base):], "-s", last_sync]
check_curl_needs = "monitoring-plugins-standard liburiparser1"
age = [f"{plugins}/check_dirsync_age", "--tenant=bench.example", "--client-id=bench",
       f"--client-secret-file={secret}", f"--authority-host={base}", f"--graph-url={base}",
       f"--ca-file={ca}"]
age_ok = "DIRSYNC AGE OK"


def sh_and(*cmds):
    quoted = (" ".join("'" + a.replace("'", "'\\''") + "'" for a in c) for c in cmds)
    return ["/bin/sh", "-c", " && ".join(quoted)]


rows = []  # (subject, baseline, goal)
notes = []


def versus(subject, baselines, goal_first, goal_rest="(report)"):
    for i, b in enumerate(baselines):
        rows.append((subject, b, goal_first if i == 0 else goal_rest))


# --- the age check against one request's worth of curl and of the scripting languages ---
scripting = [("urllib", "python3 urllib"), ("requests", "python3 requests"),
             ("msal", "python3 msal + requests"), ("lwp", "perl LWP")]
age_cached = Command("check_dirsync_age, cached token", age + [f"--token-cache={work}/cache"],
                     age_ok)
cached_base = [Command("curl, one GET", org_curl, last_sync)] + [
    Command(f"{name}, one GET" if kind != "msal" else f"{name}, token from its cache file + GET",
            script(kind, "cached"), last_sync) for kind, name in scripting]
version_graph = Command("check_dirsync_version --graph, cached token",
                        [f"{plugins}/check_dirsync_version", "--graph"] + age[1:] +
                        [f"--token-cache={work}/cache"], "DIRSYNC VERSION OK")
sync_curl = Command("curl, one GET of onPremisesSynchronization",
                    curl + ["-H", "Authorization: Bearer eyJ0eXAi.bench",
                            f"{base}/beta/directory/onPremisesSynchronization"], "2.6.92.0")
check_curl_get = Command("check_curl (monitoring-plugins), one GET", check_curl, "HTTP OK",
                         needs=check_curl_needs)
tokens = measure("cached token",
                 [age_cached] + cached_base + [check_curl_get, version_graph, sync_curl])
notes.append(f"Token requests during the timed cached-token runs: {tokens} (expected 0: the "
             "plugins and msal answer from their caches).")
versus(age_cached, cached_base[:1], "<= 1.2")
versus(age_cached, [check_curl_get], "<= 0.9")
versus(age_cached, cached_base[1:], "(report)")
versus(version_graph, [sync_curl], "(report)")

age_cold = Command("check_dirsync_age, cold (token + Graph)", age + ["--token-cache=none"], age_ok)
cold_base = [Command("curl POST && curl GET", sh_and(token_curl, org_curl), last_sync)] + [
    Command(f"{name}, POST + GET" if kind != "msal"
            else f"{name}, OpenID configuration + POST + GET", script(kind, "cold"), last_sync)
    for kind, name in scripting]
next_base = Command("curl POST --next GET, one process", next_curl, last_sync)
measure("cold", [age_cold] + cold_base + [next_base])
versus(age_cold, cold_base[:1], "<= 1.2")
versus(age_cold, [next_base], "<= 1.05")
versus(age_cold, cold_base[1:], "(report)")
if next_base.wall:
    # Asked once, outside the timed runs: how many connections the two requests opened.
    done = subprocess.run(next_curl[:-1] + ["-o", "/dev/null", "-w", "%{num_connects}",
                                            next_curl[-1]],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    notes.append("curl --next: the GET reused the POST's connection." if done.stdout.strip()
                 == "0" else "curl --next: the GET did not reuse the POST's connection "
                 f"(connections opened for it: {done.stdout.strip() or '?'}).")
if any(c.wall for c in cached_base + cold_base if "msal" in c.label):
    notes.append("msal fetches the tenant's OpenID configuration in every process, cached "
                 "token or not. Its instance discovery is off here (it would ask "
                 "login.microsoftonline.com); against the real cloud, a run without a cached "
                 "token makes that one request more than measured.")

# --- the host-side checks against the process floor ---
floor = Command("/bin/true", ["/bin/true"], "")
os_check = Command("check_dirsync_os", [f"{plugins}/check_dirsync_os"], "DIRSYNC OS")
version = Command("check_dirsync_version --installed-version",
                  [f"{plugins}/check_dirsync_version", "--installed-version=2.6.92.0"],
                  "DIRSYNC VERSION OK")
event_small = Command("check_dirsync_event, 3-event export",
                      [f"{plugins}/check_dirsync_event", f"--xml-file={src}/demo/events.xml",
                       "--since=3650d"], "DIRSYNC EVENT CRITICAL", status=2)
measure("process floor", [os_check, version, event_small, floor])
versus(os_check, [floor], "<= 3")
versus(version, [floor], "(report)")
versus(event_small, [floor], "<= 3")

# --- a big export against libxml2's own streaming reader ---
events = 100000
large = f"{work}/large.xml"
subprocess.run(["sh", f"{src}/t/data/events/make-large.sh", large, str(events)], check=True)
# xmllint needs one root element; the plugin reads the rootless wevtutil form.
with open(f"{work}/large-wrapped.xml", "wb") as wrapped, open(large, "rb") as plain:
    wrapped.write(b"<Events>")
    shutil.copyfileobj(plain, wrapped)
    wrapped.write(b"</Events>")
megabytes = os.path.getsize(large) / 1e6
# A long time-out, for the run under valgrind.
event_large = Command(f"check_dirsync_event, 100 000-event export ({megabytes:.0f} MB)",
                      [f"{plugins}/check_dirsync_event", f"--xml-file={large}", "--since=36500d",
                       "--timeout=600"],
                      "DIRSYNC EVENT CRITICAL", status=2)
xmllint = Command("xmllint --stream --noout", ["xmllint", "--stream", "--noout",
                                                f"{work}/large-wrapped.xml"], "")
measure("100 000 events", [event_large, xmllint])
versus(event_large, [xmllint], "(report)")


def rss_text(c):
    return f"{max(c.rss) / 1024:.1f}" if c.rss else "?"


for c in (event_large, xmllint):
    if c.wall:
        notes.append(f"{c.label}: {events / c.median() * 1000:,.0f} events/s, "
                     f"peak RSS {rss_text(c)} MiB.")


# --- throughput: many age checks at once, from an empty token cache ---
def batch(argv, parallel):
    numbers = "".join(f"{i}\n" for i in range(BATCH))
    start = time.perf_counter()
    done = subprocess.run(["xargs", "-P", str(parallel), "-I", "{}"] + argv, input=numbers,
                          text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return BATCH / (time.perf_counter() - start), done.returncode == 0


throughput = []
progress(f"bench: throughput: {BATCH} checks at 2, 8 and 32 in parallel, {batch_runs} times each")
for parallel in PARALLEL:
    plugin_rates, curl_rates, tokens, failed = [], [], [], False
    for rep in range(batch_runs):
        before = token_requests()
        rate, ok = batch(age + [f"--token-cache={work}/batch-{parallel}-{rep}"], parallel)
        tokens.append(token_requests() - before)
        plugin_rates.append(rate)
        failed = failed or not ok
        rate, ok = batch(org_curl + ["-o", "/dev/null"], parallel)
        curl_rates.append(rate)
        failed = failed or not ok
    throughput.append((parallel, plugin_rates, curl_rates, tokens, failed))


# --- the report ---
def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def first_line(argv):
    try:
        done = subprocess.run(argv, capture_output=True, text=True)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


load_after = os.getloadavg()
lines = [
    "# Benchmark results", "",
    f"Machine: {platform.machine()}, {os.cpu_count()} cores ({cpu_model()}), "
    f"{platform.platform()}; load average {load_before[0]:.2f} before, "
    f"{load_after[0]:.2f} after; {time.strftime('%Y-%m-%d', time.gmtime())}.", "",
    f"Method: median of {runs} runs after {WARMUP} warm-up runs, each command of a group in "
    "turn; times are wall-clock ms from fork to exit; the server is nginx on loopback "
    "(TLS, RSA 2048) answering from memory.",
    f"Tools: {first_line(['curl', '--version'])}; {first_line([check_curl_path, '-V'])}; "
    f"{first_line([python, '--version'])}; {first_line([perl, '-e', 'print qq(perl $^V)'])}; "
    f"{first_line(['/usr/sbin/nginx', '-v'])}.",
]
if runs < 20:
    lines += ["", f"**Indicative only: {runs} runs (fewer than 20).**"]
lines += ["", "| what | median ms | min | max | baseline | baseline median ms | ratio | goal |",
          "|---|---|---|---|---|---|---|---|"]
for subject, b, goal in rows:
    if subject.problem or not subject.wall:
        lines.append(f"| {subject.name()} | did not run: {subject.problem} | | | {b.name()} | | | "
                     f"{goal} |")
        continue
    if b.problem or not b.wall:
        lines.append(f"| {subject.name()} | {subject.median():.2f} | {min(subject.wall):.2f} | "
                     f"{max(subject.wall):.2f} | {b.name()} | not measured: {b.problem} | | "
                     f"{goal} |")
        continue
    ratio = subject.median() / b.median()
    verdict = goal
    if goal.startswith("<= "):
        verdict += " met" if ratio <= float(goal[3:]) else " **missed**"
    lines.append(f"| {subject.name()} | {subject.median():.2f} | {min(subject.wall):.2f} | "
                 f"{max(subject.wall):.2f} | {b.name()} | {b.median():.2f} | {ratio:.2f}x | "
                 f"{verdict} |")
lines += [""] + [f"- {n}" for n in notes]

if callgrind:
    lines += ["", "Instructions (valgrind --tool=callgrind, all processes of the command, user "
              "space, loading included; the same on a busy machine as on a quiet one):", "",
              "| what | million instructions | baseline | million instructions | ratio |",
              "|---|---|---|---|---|"]
    for subject, b, _ in rows:
        if subject.instructions and b.instructions:
            lines.append(f"| {subject.label} | {subject.instructions / 1e6:.2f} | {b.label} | "
                         f"{b.instructions / 1e6:.2f} | "
                         f"{subject.instructions / b.instructions:.2f}x |")

lines += ["", f"Throughput: {BATCH} cached-token age checks run by `xargs -P N`, starting from "
          f"an empty token cache, {batch_runs} times; the baseline is {BATCH} curl GETs the "
          "same way. The ratio is the time per check against curl's; token requests are those "
          "nginx logged per batch (goal: 1).", "",
          "| parallel | checks/s median | min | max | curl GETs/s median | ratio "
          "| token requests |",
          "|---|---|---|---|---|---|---|"]
for parallel, plugin_rates, curl_rates, tokens, failed in throughput:
    p, c = statistics.median(plugin_rates), statistics.median(curl_rates)
    token_text = ", ".join(str(t) for t in tokens) + (" met" if set(tokens) == {1} else
                                                      " **missed**")
    lines.append(f"| {parallel} | {p:.0f} | {min(plugin_rates):.0f} | {max(plugin_rates):.0f} | "
                 f"{c:.0f} | {c / p:.2f}x | {token_text}"
                 f"{' (some runs failed)' if failed else ''} |")

lines += ["", "Footprint of one run (CPU = user + sys, median; peak RSS, largest of the runs):",
          "", "| run | CPU ms | peak RSS MiB |", "|---|---|---|"]
seen = set()
for subject, b, _ in rows:
    for c in (subject, b):
        if c.label in seen or not c.cpu:
            continue
        seen.add(c.label)
        lines.append(f"| {c.name()} | {statistics.median(c.cpu):.2f} | {rss_text(c)} |")

text = "\n".join(lines) + "\n"
with open(out_path, "w") as f:
    f.write(text)
print(text)
