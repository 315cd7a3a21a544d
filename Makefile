# jailctl -- one non-recursive GNU Makefile.
#
#   make            build jailctl/jailctl (the source directory jailctl/ holds
#                   the code, so the binary cannot be ./jailctl itself)
#   make check      install missing dependencies, build everything with
#                   ASan+UBSan and run every cmocka test
#   make e2e        install missing dependencies, build, and check jailctl's
#                   audits against the real sendmail (tests/e2e/; also part
#                   of make check)
#   make demo       install missing dependencies, build, and show create /
#                   verify / verify --fix on a scratch root
#   make bench      jailctl against find, getfacl, getfattr and mtree on a
#                   scratch jail of N=100000 mailboxes (BIG=1: also 1 000 000)
#   make install    PREFIX=/usr/local DESTDIR=
#
# DEVELOPER=1 turns warnings into errors.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/jailctl
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR    ?= $(PREFIX)/lib/systemd/system
CRONDIR    ?= $(SYSCONFDIR)/cron.d
PKG_CONFIG ?= pkg-config
CC         ?= cc

LIBS_PC    := libacl libselinux libcap jansson
PC_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(LIBS_PC))
PC_LIBS     = $(shell $(PKG_CONFIG) --libs $(LIBS_PC))
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka)
# Where bash-completion looks for completions, else the usual place below PREFIX.
BASHCOMPDIR ?= $(or $(shell $(PKG_CONFIG) --variable=completionsdir bash-completion \
                   2>/dev/null),$(PREFIX)/share/bash-completion/completions)

WARN     := -Wall -Wextra -Wformat=2 -Wshadow -Wconversion -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings -Wvla -Wpointer-arith
ifeq ($(DEVELOPER),1)
WARN     += -Werror
endif
CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -D_GNU_SOURCE -Ijailctl -Iaudit -Iaudit/model -Ibuild \
             $(PC_CFLAGS) -MMD -MP
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRCS  := $(filter-out jailctl/main.c,$(wildcard jailctl/*.c audit/*.c audit/model/*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=build/%.o)
ASAN_OBJS := $(LIB_SRCS:%.c=build/asan/%.o)
TEST_SRCS := $(wildcard tests/test_*.c)
TESTS     := $(TEST_SRCS:tests/%.c=build/tests/%)

.PHONY: all check e2e demo bench deps fuzz install uninstall clean man-findings FORCE
# Keep the instrumented test objects between runs.
.SECONDARY:
all: jailctl/jailctl

# The version and the directories compiled in live in build/paths.h, which
# is rewritten only when they change: `make install PREFIX=/usr` after a
# plain `make` rebuilds what depends on them instead of installing a binary
# that looks for profiles under /usr/local.
build/paths.h: FORCE
	@mkdir -p build
	@printf '#define JAILCTL_VERSION "%s"\n#define JAILCTL_PROFILE_DIR "%s"\n#define JAILCTL_ETC_PROFILE_DIR "%s"\n' \
	    '$(VERSION)' '$(DATADIR)/profiles' '$(SYSCONFDIR)/jailctl/profiles' > $@.tmp
	@printf '#define JAILCTL_WAIVERS_FILE "%s"\n' '$(SYSCONFDIR)/jailctl/waivers' >> $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

PATH_USERS := jailctl/main jailctl/report jailctl/profile_find
PATH_USERS += jailctl/errdoc jailctl/ansible_module
$(PATH_USERS:%=build/%.o) $(PATH_USERS:%=build/asan/%.o) $(PATH_USERS:%=build/vg/%.o): build/paths.h

jailctl/jailctl: build/jailctl/main.o $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

build/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The test build: the same sources, instrumented, with the test hooks of
# jailctl/testhook.h compiled in.
build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) $(CMOCKA_CFLAGS) -DJAILCTL_TEST_HOOKS -c -o $@ $<

build/asan/bin/jailctl: build/asan/jailctl/main.o $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

build/tests/%: build/asan/tests/%.o build/asan/tests/testutil.o $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(PC_LIBS) $(CMOCKA_LIBS)

deps:
	@sh scripts/deps

# FINDINGS in jailctl.8 is made from the catalogue (jailctl/findings.c).
man-findings: build/tests/test_findings
	@JAILCTL_WRITE_MAN=1 JAILCTL_SRCDIR=$(CURDIR) build/tests/test_findings

# The end-to-end harness: Debian's sendmail in namespaces and a chroot, its
# deliveries against jailctl's predictions.  The recorder is the program
# sendmail runs there.
E2E_RECORDER := build/e2e/recorder
$(E2E_RECORDER): tests/e2e/recorder.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

# The valgrind build: the tests again, without sanitizers (valgrind cannot
# run ASan binaries), for scripts/valgrind-tests in `make check`.
# Only programs that test logic in-process are listed: those that drive the
# CLI do their work in children valgrind does not follow, test_forward
# re-executes itself, test_names stages openat2() failures (valgrind has no
# openat2), and test_hostile's multi-megabyte inputs are ASan's to check.
VG_OBJS   := $(LIB_SRCS:%.c=build/vg/%.o)
VG_LIST   := audit_config audit_pipe cmddir dangerous dbent findings fsutil linkchain \
             lock nametab predict profile secattr sendmail_cf smrsh_provision \
             smrsh_rules tree verbs writable
VG_TESTS  := $(filter $(VG_LIST:%=build/vg-tests/test_%),$(TEST_SRCS:tests/%.c=build/vg-tests/%))

build/vg/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(CMOCKA_CFLAGS) -DJAILCTL_TEST_HOOKS -c -o $@ $<

build/vg/bin/jailctl: build/vg/jailctl/main.o $(VG_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

build/vg-tests/%: build/vg/tests/%.o build/vg/tests/testutil.o $(VG_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PC_LIBS) $(CMOCKA_LIBS)

# Fuzzing (tests/fuzz/): each fuzz_NAME.c is a libFuzzer target with its
# seed corpus in tests/fuzz/corpus/NAME/.  `make fuzz` explores with clang's
# libFuzzer for FUZZ_SECONDS per target (new inputs go to build/fuzz/corpus,
# crashes to build/fuzz/artifacts); `make check` replays each corpus through
# a plain driver (replay.c) built with $(CC) and the sanitizers, so it needs
# no clang.
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY  := $(FUZZ_TARGETS:%=build/fuzz-replay/fuzz_%)
FUZZ_BINS    := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
FUZZ_SECONDS ?= 60
CLANG        ?= clang
FUZZ_CFLAGS   = -std=gnu11 -O1 -g -D_GNU_SOURCE -Ijailctl -Iaudit -Iaudit/model -Ibuild $(PC_CFLAGS) \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer

build/fuzz-replay/fuzz_%: build/asan/tests/fuzz/fuzz_%.o build/asan/tests/fuzz/replay.o $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $^ $(PC_LIBS)

build/fuzz/%.o: %.c build/paths.h
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o $(LIB_SRCS:%.c=build/fuzz/%.o)
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(PC_LIBS)

fuzz:
	@command -v $(CLANG) >/dev/null || { echo "make fuzz needs clang" \
	    "(Debian: apt-get install clang libclang-rt-dev)"; exit 2; }
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p build/fuzz/corpus/$$t build/fuzz/artifacts/$$t && \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s" && \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
	        -artifact_prefix=build/fuzz/artifacts/$$t/ \
	        build/fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# Tests run one after another; each prints cmocka's summary.  The CLI tests
# run the instrumented binary named by JAILCTL_BIN.
check: deps
	@$(MAKE) --no-print-directory jailctl/jailctl build/asan/bin/jailctl $(TESTS) \
	    $(E2E_RECORDER) $(FUZZ_REPLAY)
	@rm -rf build/json-log && mkdir -p build/json-log
	@mkdir -p build && JAILCTL_BIN=$(CURDIR)/build/asan/bin/jailctl JAILCTL_SRCDIR=$(CURDIR) \
	    JAILCTL_RUNDIR=$(CURDIR)/build/run JAILCTL_JSON_LOG=$(CURDIR)/build/json-log \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh scripts/run-tests $(TESTS) tests/e2e/run.py
	@python3 scripts/validate-json scripts/report.schema.json build/json-log
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    sh scripts/fuzz-replay $(FUZZ_REPLAY)
	@if command -v valgrind >/dev/null; then \
	    $(MAKE) --no-print-directory build/vg/bin/jailctl $(VG_TESTS) && \
	    JAILCTL_BIN=$(CURDIR)/build/vg/bin/jailctl JAILCTL_SRCDIR=$(CURDIR) \
	    JAILCTL_RUNDIR=$(CURDIR)/build/run sh scripts/valgrind-tests $(VG_TESTS); \
	else sh scripts/valgrind-tests; fi

e2e: deps
	@$(MAKE) --no-print-directory build/asan/bin/jailctl $(E2E_RECORDER)
	@JAILCTL_BIN=$(CURDIR)/build/asan/bin/jailctl JAILCTL_SRCDIR=$(CURDIR) \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    python3 tests/e2e/run.py

demo: deps
	@$(MAKE) --no-print-directory jailctl/jailctl
	@sh scripts/demo jailctl/jailctl

# make bench [N=100000] [BIG=1] [ROUNDS=7] [OUT=bench.json]: jailctl against
# find, getfacl, getfattr and BSD mtree on N mailboxes (scripts/bench says
# what is measured); the peers are installed here, never for make check.
bench: deps
	@sh scripts/deps bench
	@$(MAKE) --no-print-directory jailctl/jailctl
	@N='$(N)' BIG='$(BIG)' ROUNDS='$(ROUNDS)' OUT='$(OUT)' python3 scripts/bench jailctl/jailctl

# The man pages, units and cron file say /usr/local (the default PREFIX);
# their installed copies name the directories of this install.
SUBST = sed -e 's|/usr/local/sbin|$(SBINDIR)|g' \
            -e 's|/usr/local/share/jailctl|$(DATADIR)|g' \
            -e 's|/usr/local/lib/systemd/system|$(UNITDIR)|g' \
            -e 's|/etc/jailctl|$(SYSCONFDIR)/jailctl|g'
# $(call install_subst,MODE,SOURCE,TARGET)
install_subst = $(SUBST) $(2) > $(3).tmp && chmod $(1) $(3).tmp && mv -f $(3).tmp $(3)
INSTALLED_DATA := $(MANDIR)/man8/jailctl.8 $(MANDIR)/man5/jailctl.profile.5 \
    $(MANDIR)/man5/jailctl.waivers.5 \
    $(UNITDIR)/jailctl-audit.service $(UNITDIR)/jailctl-audit.timer \
    $(CRONDIR)/jailctl $(BASHCOMPDIR)/jailctl

install: jailctl/jailctl
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/profiles \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(CRONDIR) $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 jailctl/jailctl $(DESTDIR)$(SBINDIR)/jailctl
	install -m 0644 profiles/*.profile $(DESTDIR)$(DATADIR)/profiles/
	$(call install_subst,0644,jailctl.8,$(DESTDIR)$(MANDIR)/man8/jailctl.8)
	$(call install_subst,0644,jailctl.profile.5,$(DESTDIR)$(MANDIR)/man5/jailctl.profile.5)
	$(call install_subst,0644,jailctl.waivers.5,$(DESTDIR)$(MANDIR)/man5/jailctl.waivers.5)
	$(call install_subst,0644,scripts/systemd/jailctl-audit.service,$(DESTDIR)$(UNITDIR)/jailctl-audit.service)
	$(call install_subst,0644,scripts/systemd/jailctl-audit.timer,$(DESTDIR)$(UNITDIR)/jailctl-audit.timer)
	$(call install_subst,0644,scripts/cron/jailctl,$(DESTDIR)$(CRONDIR)/jailctl)
	install -m 0644 scripts/completion/jailctl $(DESTDIR)$(BASHCOMPDIR)/jailctl

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/jailctl $(addprefix $(DESTDIR),$(INSTALLED_DATA))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/profiles/,$(notdir $(wildcard profiles/*.profile)))
	-rmdir $(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(DATADIR)

clean:
	rm -rf build jailctl/jailctl

# build/debs holds unpacked packages and build/e2e-trees the harness's
# scratch systems: their *.d directories are not dependency files.
-include $(shell find build \( -path build/debs -o -path build/e2e-trees \) -prune \
    -o -name '*.d' -type f -print 2>/dev/null)
