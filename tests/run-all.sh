#!/usr/bin/env bash
# The one command that runs every test on a fresh Debian machine (`npm test`, and CI via .ci/run).
# It installs what the tests need itself: a green run on a machine where someone installed
# things by hand would prove nothing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS

section() {
	printf '\n==== [%s] %s ====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

failed_steps=()

# --- System packages ------------------------------------------------------------------------
section 'System packages (chromium, redis-server)'
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if ((${#missing[@]} == 0)); then
	echo 'chromium and redis-server are installed.'
elif [[ $(id -u) -eq 0 ]]; then
	echo "Installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Another apt run (unattended-upgrades, a parallel job) may hold the locks. DPkg::Lock::Timeout
	# makes `install` wait, but `update` fails at once on the lists lock, hence the retries.
	apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
	for attempt in {1..30}; do
		apt-get "${apt_opts[@]}" update && break
		((attempt < 30)) || exit 1
		echo "apt-get update failed (attempt $attempt); retrying in 10 s"
		sleep 10
	done
	apt-get "${apt_opts[@]}" install -y --no-install-recommends chromium redis-server
else
	echo "Missing system packages: ${missing[*]}" >&2
	echo 'The tests need Debian'"'"'s chromium (for Playwright) and redis-server (for the Redis store' >&2
	echo 'and multi-process tests). Install them once as root, then run npm test again:' >&2
	echo '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium redis-server' >&2
	exit 1
fi

# --- Node packages --------------------------------------------------------------------------
section 'Node packages'
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci
else
	echo 'node_modules is up to date with package-lock.json.'
fi

# --- Static checks and build ----------------------------------------------------------------
# A failed check does not stop the run: the test results are still worth seeing in the same log.
section 'Format, lint and type check (npm run check)'
npm run check || failed_steps+=('npm run check')

section 'Build (npm run build)'
built=1
npm run build || {
	built=0
	failed_steps+=('npm run build')
}

mkdir -p test-results
rm -f test-results/vitest.json test-results/e2e.json

# --- Unit, contract and integration tests ---------------------------------------------------
section 'Unit and integration tests (vitest)'
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json ||
	failed_steps+=('vitest')

# --- End-to-end tests -----------------------------------------------------------------------
section 'End-to-end tests (playwright)'
if ((built)); then
	npx playwright test || failed_steps+=('playwright')
else
	echo 'Skipped: the build failed, and the end-to-end tests run against the build.'
	failed_steps+=('playwright (skipped)')
fi

# --- Summary --------------------------------------------------------------------------------
section "Summary (total $((SECONDS - started)) s)"
# A suite that crashed before writing its report counts as one failure, so it cannot look green.
summary=$(node -e '
	const fs = require("fs");
	const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return null; } };
	const v = read("test-results/vitest.json");
	const p = read("test-results/e2e.json");
	const vp = v ? v.numPassedTests : 0, vf = v ? v.numFailedTests : 1;
	const pp = p ? p.stats.expected + p.stats.flaky : 0, pf = p ? p.stats.unexpected : 1;
	console.error(`vitest: ${v ? `${vp} passed, ${vf} failed` : "no report"}`);
	console.error(`playwright: ${p ? `${pp} passed, ${pf} failed` : "no report"}`);
	console.log(`${vp + pp} passed, ${vf + pf} failed`);
')
if ((${#failed_steps[@]})); then
	printf 'Failed steps: %s\n' "$(IFS=,; echo "${failed_steps[*]}" | sed 's/,/, /g')"
fi
echo "$summary"

[[ ${#failed_steps[@]} -eq 0 && $summary =~ ^[0-9]+\ passed,\ 0\ failed$ ]]
