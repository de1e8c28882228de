# authstore's front door. Every target runs the Maven Wrapper on Java 25.
#   make prepare   regenerate generated-snapshot/ from schema/ (embedded PostgreSQL, or PREPARE_DATABASE_URL)
#   make check     fail when generated-snapshot/ is stale, naming the tables and columns that differ
#   make build     compile and package every module; no database, works offline
#   make test      the whole test suite, including make check (what CI runs)
#   make migrate   apply pending migrations to DATABASE_URL
#   make status    applied and pending migrations of DATABASE_URL (exit 3 when some are pending)

JAVA_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Flyway reports telemetry unless told not to; with no network that only costs time.
export REDGATE_DISABLE_TELEMETRY := true

MVN := ./mvnw -B -ntp
QUIET := -q
TOOLS_JAR := tools/cli/target/authstore-tools.jar
PLUGIN := tools/maven-plugin

.PHONY: help build prepare check test migrate status validate clean

help:
	@sed -n '2,8s/^# //p' Makefile

build:
	$(MVN) $(QUIET) package -DskipTests

# The plugin that wraps the generator is built (and installed in ~/.m2) first; then the generator runs
# in generated-snapshot/ with the `prepare` profile: start database, migrate, generate, stop.
prepare:
	@start=$$(date +%s.%N); \
	$(MVN) $(QUIET) install -DskipTests -pl $(PLUGIN) -am && \
	$(MVN) $(QUIET) -Pprepare -pl generated-snapshot process-sources && \
	echo "make prepare: $$(echo "$$(date +%s.%N) - $$start" | bc | xargs printf '%.1f') s in all"

check:
	$(MVN) $(QUIET) install -DskipTests -pl $(PLUGIN) -am
	$(MVN) $(QUIET) -Pprepare,check -pl generated-snapshot process-sources

test: check
	$(MVN) verify

$(TOOLS_JAR):
	$(MVN) $(QUIET) package -DskipTests -pl tools/cli -am

migrate: $(TOOLS_JAR)
	java -jar $(TOOLS_JAR) migrate

status: $(TOOLS_JAR)
	java -jar $(TOOLS_JAR) status

validate: $(TOOLS_JAR)
	java -jar $(TOOLS_JAR) validate

clean:
	$(MVN) $(QUIET) clean
