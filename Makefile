# authstore's front door. Every target runs the Maven Wrapper on Java 25.
#   make prepare   regenerate generated-snapshot/ from schema/ when generation.digest says an input changed (FORCE=1)
#   make check     fail when generated-snapshot/ is stale, naming the tables and columns that differ
#   make build     compile and package every module; no database, works offline
#   make test      the whole test suite, including make check, make lint and kotlin-free (what CI runs)
#   make migrate   apply pending migrations to DATABASE_URL
#   make status    applied and pending migrations of DATABASE_URL (exit 3 when some are pending)
#   make validate  check that the migrations applied to DATABASE_URL still match the files
#   make adopt     take over a database MAS migrated (DATABASE_URL): baseline at the matching version, or refuse
#   make migration NAME=add_widget_colour   create the next migration file (prints its path)
#   make soak      32 clients for SOAK_SECONDS (default 300) on an embedded PostgreSQL (or an empty DATABASE_URL)
#   make bench     throughput and latency against pgbench and jOOQ+JDBC+HikariCP (~14 min; BENCH_SECONDS etc.)

# Java 25, whatever JAVA_HOME the shell has; another JDK 25: make JAVA_HOME=/path/to/jdk-25 <target>
JAVA_HOME := /usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Flyway reports telemetry unless told not to; with no network that only costs time.
export REDGATE_DISABLE_TELEMETRY := true

MVN := ./mvnw -B -ntp
QUIET := -q
TOOLS_JAR := tools/cli/target/authstore-tools.jar
PLUGIN := tools/maven-plugin

.PHONY: help build prepare check lint kotlin-free test migrate status validate adopt migration soak bench pgbench-installed clean

help:
	@sed -n '2,12s/^#   //p' Makefile

build:
	$(MVN) $(QUIET) package -DskipTests

# The goals that wrap jOOQ's generator (tools/maven-plugin) are built and installed in ~/.m2 when their
# sources changed. Then, in generated-snapshot/, the profile `generate` starts the database, applies the
# migrations, generates into generated-snapshot/target and stops and removes the database; `prepare` then
# replaces src/main/java with the complete result (an interrupted run leaves the committed snapshot alone).
PLUGIN_STAMP := $(PLUGIN)/target/.installed
PLUGIN_SOURCES := $(shell find pom.xml schema/pom.xml tools/pom.xml $(PLUGIN) tools/database tools/embedded-postgres \
	-name target -prune -o -type f -print)

$(PLUGIN_STAMP): $(PLUGIN_SOURCES)
	$(MVN) $(QUIET) install -DskipTests -pl $(PLUGIN) -am
	@touch $@

# Both first ask GenerationDigest whether generated-snapshot/generation.digest still holds (the migrations, the
# generator's configuration, the jOOQ/pgjdbc/PostgreSQL versions and the snapshot's files are what they were at the
# last make prepare): then they are done in well under a second, with no Maven and no database. FORCE=1 regenerates.
DIGEST := java -cp $(PLUGIN)/target/classes io.authstore.tools.snapshot.GenerationDigest

prepare: $(PLUGIN_STAMP)
	@start=$$(date +%s%N); \
	if [ -z "$(FORCE)" ] && $(DIGEST) check . "make prepare"; then exit 0; fi; \
	$(MVN) $(QUIET) -Pgenerate,prepare -pl generated-snapshot process-sources && \
	echo "make prepare: $$(( ($$(date +%s%N) - start) / 1000000 )) ms"

# The same generation, compared with the committed snapshot instead of replacing it.
check: $(PLUGIN_STAMP)
	@if [ -z "$(FORCE)" ] && $(DIGEST) check . "make check"; then exit 0; fi; \
	$(MVN) $(QUIET) -Pgenerate,check -pl generated-snapshot process-sources && \
	echo "authstore: make check: the snapshot matches; run make prepare to record its digest, so that the next" \
		"check needs no database"

# Every migration applied to an embedded PostgreSQL whose tables hold rows; fails on a statement that locks or
# rewrites a table that existed before its file (file, line, rule, safe alternative). See README "Everyday workflow".
# Runs again only when a migration, the exemptions or the plugin changed since the last pass on this machine (the
# folder is a prerequisite too, so that a removed or renamed file counts); CI's fresh checkout always runs it.
MIGRATIONS_DIR := schema/src/main/resources/db/migration
LINT_STAMP := schema/target/.linted

$(LINT_STAMP): $(MIGRATIONS_DIR) $(wildcard $(MIGRATIONS_DIR)/*.sql) schema/lint-exemptions.txt $(PLUGIN_STAMP)
	$(MVN) $(QUIET) -N io.authstore:authstore-maven-plugin:lint-migrations
	@mkdir -p $(dir $@) && touch $@

lint: $(LINT_STAMP)
	@echo "make lint: the migrations passed (schema/target/.linted is newer than every migration)"

# Two module builds at a time: the tools' tests mostly wait for PostgreSQL to start, so they overlap well with the
# storage tests.
test: check lint kotlin-free
	$(MVN) -T 2 verify

# No Kotlin anywhere: in no module's dependency tree (the enforcer checks those too) and in no plugin's.
kotlin-free: $(PLUGIN_STAMP)
	@out=$$($(MVN) dependency:tree dependency:resolve-plugins -Pgenerate,prepare,check 2>&1) \
		|| { echo "$$out" | tail -30; exit 1; }; \
	if echo "$$out" | grep -i 'org\.jetbrains\.kotlin'; then echo "kotlin-free: Kotlin found (above)"; exit 1; fi; \
	echo "kotlin-free: no org.jetbrains.kotlin artifact in any module's or plugin's dependencies"

TOOLS_SOURCES := $(shell find pom.xml schema tools/pom.xml tools/cli tools/database -name target -prune -o -type f -print)

$(TOOLS_JAR): $(TOOLS_SOURCES)
	$(MVN) $(QUIET) package -DskipTests -pl tools/cli -am

migrate: $(TOOLS_JAR)
	@java -jar $(TOOLS_JAR) migrate

status: $(TOOLS_JAR)
	@java -jar $(TOOLS_JAR) status

validate: $(TOOLS_JAR)
	@java -jar $(TOOLS_JAR) validate

# A database MAS migrated: record the matching authstore version as Flyway's baseline, or list the differences.
adopt: $(TOOLS_JAR)
	@java -jar $(TOOLS_JAR) adopt

# Java runs the one source file directly (it uses only the JDK): no build, about a second.
migration:
	@java tools/cli/src/main/java/io/authstore/tools/cli/NewMigration.java '$(NAME)'

# Not part of make test: it runs for minutes. Exits non-zero unless errors, lost writes and connections left in use
# are all 0. Built every time (Maven skips what is up to date), so that it never runs a stale jar.
soak:
	$(MVN) $(QUIET) package -DskipTests -pl tools/soak -am
	@java --enable-native-access=ALL-UNNAMED -jar tools/soak/target/authstore-soak.jar

# Not part of make test either. Before the benchmark program, it measures what a developer waits for: make prepare
# (wall time, forced: it regenerates even when the digest says nothing changed) and the time the storage tests
# wait for a fresh database (two test classes, median of their handouts). The program seeds its own data set, then
# runs the workloads; see tools/bench and README "Performance".
BENCH_CONTEXT := target/bench/context.txt

bench: pgbench-installed
	$(MVN) $(QUIET) package -DskipTests -pl tools/bench -am
	@mkdir -p target/bench
	@start=$$(date +%s%N); $(MAKE) --no-print-directory prepare FORCE=1 >/dev/null; \
	echo "make_prepare_ms=$$(( ($$(date +%s%N) - start) / 1000000 ))" > $(BENCH_CONTEXT)
	@$(MVN) $(QUIET) verify -pl storage-jooq -am -Dsurefire.failIfNoSpecifiedTests=false \
		-Dtest='UserRepositoryTest,BrowserSessionRepositoryTest' >/dev/null && \
	echo "fresh_database_handout=$$(cat storage-jooq/target/fresh-databases.txt)" >> $(BENCH_CONTEXT)
	@java -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
		-cp "$$(cat tools/bench/target/classpath.txt):tools/bench/target/classes" io.authstore.tools.bench.RenderCost
	@java --enable-native-access=ALL-UNNAMED -cp "$$(cat tools/bench/target/classpath.txt):tools/bench/target/classes" \
		io.authstore.tools.bench.Bench

# pgbench (the benchmark's physical-limit baseline) comes with PostgreSQL's client package.
pgbench-installed:
	@command -v pgbench >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing pgbench (Debian's postgresql-client)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; \
	else \
		echo "make bench needs pgbench: install PostgreSQL's client tools (Debian/Ubuntu: apt-get install postgresql-client)"; \
		exit 2; \
	fi

clean:
	$(MVN) $(QUIET) clean
