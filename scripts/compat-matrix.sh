#!/usr/bin/env bash
# The support matrix: the starter against each supported Spring Boot line, and the test suite on the newest JDK.
#
#   scripts/compat-matrix.sh            run every leg (after `./mvnw -B install` has installed the starter)
#   BOOT_LINES="4.1.2" scripts/compat-matrix.sh
#
# Legs, each timed:
#   boot-<version>/autoconfigure  the whole autoconfigure test suite compiled and run on that Spring Boot
#                                 (skipped for the build's own version: `./mvnw verify` ran it)
#   boot-<version>/fresh-app      compat/fresh-app, a new application with only the starter added, on that Spring
#                                 Boot: its HTTP, JDBC and RestClient spans reach a real OTLP receiver; and every
#                                 io.opentelemetry artifact on its runtime class path is at the version that
#                                 Spring Boot manages (no -alpha, nothing of another line)
#   boot-<version>/without-observation  the fresh application with spring-boot-micrometer-observation excluded from
#                                 the starter (the leaner start-up of docs/performance.md): no ObservationRegistry, and
#                                 the same spans reach the receiver
#   boot-<version>/stray-instrumentation  where that Boot's OpenTelemetry is not 1.55, the fresh application with
#                                 opentelemetry-jdbc 2.21.0-alpha (built on SDK 1.55) added: start-up stops with the
#                                 starter's failure analysis naming the clashing artifact
#   jdk-<n>/autoconfigure         the autoconfigure test suite on the newest JDK under /usr/lib/jvm
set -euo pipefail
cd "$(dirname "$0")/.."

build_boot=$(sed -n 's:.*<spring-boot.version>\(.*\)</spring-boot.version>.*:\1:p' pom.xml | head -n 1)
read -r -a lines <<< "${BOOT_LINES:-4.0.9 4.1.2}"
repo=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
summary=()

leg() {
	local name=$1
	shift
	local start=$SECONDS
	echo "=== leg $name: $*"
	if "$@"; then
		summary+=("$name: passed in $((SECONDS - start)) s")
	else
		summary+=("$name: FAILED after $((SECONDS - start)) s")
		printf '%s\n' "${summary[@]}"
		exit 1
	fi
}

managed_opentelemetry() {
	local bom="$repo/org/springframework/boot/spring-boot-dependencies/$1/spring-boot-dependencies-$1.pom"
	sed -n 's:.*<opentelemetry.version>\(.*\)</opentelemetry.version>.*:\1:p' "$bom"
}

# Every io.opentelemetry artifact of the fresh application at the version its Spring Boot manages.
check_opentelemetry_versions() {
	local boot=$1 list=$PWD/compat/fresh-app/target/opentelemetry-artifacts.txt
	./mvnw -B -q -f compat/fresh-app/pom.xml -Dspring-boot.version="$boot" \
		org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list -DincludeScope=runtime \
		-DoutputFile="$list" -DoutputAbsoluteArtifactFilename=false
	local managed
	managed=$(managed_opentelemetry "$boot")
	python3 - "$list" "$managed" "$boot" <<'PY'
import re, sys
path, managed, boot = sys.argv[1:]
found = [l.strip() for l in open(path) if re.match(r"\s+io\.opentelemetry", l)]
bad = []
for line in found:
    parts = line.split(" ")[0].split(":")
    group, version = parts[0], parts[4] if len(parts) >= 6 else parts[3]
    if group == "io.opentelemetry" and version != managed:
        bad.append(line)
    elif group != "io.opentelemetry" and group != "io.opentelemetry.semconv":
        bad.append(line)  # instrumentation libraries and the like: alpha, of one SDK line
print(f"Spring Boot {boot} manages OpenTelemetry {managed}; the fresh application's runtime class path has:")
for line in found:
    print("   ", line.split(" ")[0], "  <-- off its Boot's line" if line in bad else "")
if bad or not found:
    sys.exit(f"{len(bad)} OpenTelemetry artifact(s) off Spring Boot {boot}'s line")
# AOP Alliance's interfaces are in spring-aop: the starter excludes the jar that would hold them twice.
if any(re.match(r"\s+aopalliance:aopalliance:", l) for l in open(path)):
    sys.exit("aopalliance:aopalliance is on the runtime class path: its classes are in spring-aop already")
PY
}

fresh_app() {
	local boot=$1
	./mvnw -B -f compat/fresh-app/pom.xml -Dspring-boot.version="$boot" clean verify && check_opentelemetry_versions "$boot"
}

for boot in "${lines[@]}"; do
	if [[ "$boot" != "$build_boot" ]]; then
		leg "boot-$boot/autoconfigure" ./mvnw -B -pl tracing-spring-boot-autoconfigure -Dspring-boot.version="$boot" clean test
	fi
	leg "boot-$boot/fresh-app" fresh_app "$boot"
	leg "boot-$boot/without-observation" ./mvnw -B -f compat/fresh-app/pom.xml -Dspring-boot.version="$boot" \
		-Pwithout-observation clean test
	# A user's instrumentation library of another line (built on SDK 1.55): start-up must stop naming it.
	if [[ "$(managed_opentelemetry "$boot")" != 1.55.0 ]]; then
		leg "boot-$boot/stray-instrumentation" ./mvnw -B -f compat/fresh-app/pom.xml -Dspring-boot.version="$boot" \
			-Pstray-instrumentation test
	fi
done

newest_jdk=$(for home in /usr/lib/jvm/*/; do
	if [[ -x "$home/bin/javac" ]]; then
		echo "$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p') $home"
	fi
done | sort -n | tail -n 1)
jdk_version=${newest_jdk%% *}
jdk_home=${newest_jdk#* }
if [[ -n "$jdk_version" && "$jdk_version" != 17 ]]; then
	leg "jdk-$jdk_version/autoconfigure" env JAVA_HOME="$jdk_home" ./mvnw -B -pl tracing-spring-boot-autoconfigure clean test
fi
# Leave the autoconfigure module built for the build's own line and JDK again
./mvnw -B -q -pl tracing-spring-boot-autoconfigure clean compile >/dev/null

echo "=== compatibility matrix (Spring Boot ${lines[*]}; build on $build_boot, Java 17; newest JDK $jdk_version)"
printf '%s\n' "${summary[@]}"
