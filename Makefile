# ejournal — plain Makefile.  `make` builds, `make test` runs every test,
# `make demo` runs the main job on generated data.  V=1 shows commands.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
DATADIR  = $(PREFIX)/share/ejournal
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
ifeq ($(origin CC),default)
CC = gcc
endif
WERROR  ?= -Werror
OPT     ?= -O2 -g
SANITIZE ?=
CFLAGS  ?= $(OPT)
WARN     = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
           -Wshadow -Wformat=2 -Wno-format-nonliteral $(WERROR)
PKGS     = sqlite3 xlsxwriter minizip inih libcrypto zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libhpdf and libcsv ship no .pc file (DEPENDENCIES.md).
HPDF_LIBS ?= -lhpdf
CSV_LIBS  ?= -lcsv
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
             -Ilib $(PKG_CFLAGS) -DEJ_DATADIR='"$(DATADIR)"' -DEJ_VERSION='"$(VERSION)"'
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=$(SANITIZE)
endif
LDLIBS   = $(PKG_LIBS) $(HPDF_LIBS) $(CSV_LIBS) -lm -lpthread
VERSION  = 0.1.0

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB_SRC  := $(sort $(wildcard lib/*/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
BIN      := $(BUILD)/ejournal
LIBA     := $(BUILD)/libejournal.a

.PHONY: all deps test test-unit test-e2e test-san test-valgrind fuzz fuzz-short demo \
        bench bench-import install uninstall clean check-deps

all: $(BIN) $(UNIT_BIN)

# ---- Debian packages --------------------------------------------------------
# Build and library packages, then the tools the tests judge outputs with.
DEB_BUILD = gcc make pkg-config libsqlite3-dev libhpdf-dev libxlsxwriter-dev libcsv-dev \
            zlib1g-dev libminizip-dev libinih-dev libssl-dev libcmocka-dev fonts-liberation2
DEB_TEST  = sqlite3 poppler-utils qpdf unzip zip python3-openpyxl icc-profiles-free \
            libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless \
            clang libclang-rt-14-dev valgrind time xlsx2csv
DEB_ALL   = $(DEB_BUILD) $(DEB_TEST)

deps:
	@missing=$$(for p in $(DEB_ALL); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	  grep -q 'ok installed' || printf '%s ' $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing $$missing"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing \
	    >$(BUILD).apt.log 2>&1 || { tail -20 $(BUILD).apt.log; exit 1; }; \
	else echo "deps: all Debian packages present"; fi

# ---- build -------------------------------------------------------------------
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIBA)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(SAN_LDFLAGS) -o $@ $(CMD_OBJ) $(LIBA) $(LDLIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(LIBA) $(LDLIBS) $(SAN_LDFLAGS) -lcmocka

# The schema text, compiled into lib/store/db.c.
$(BUILD)/gen/schema_sql.inc: lib/store/schema.sql
	@mkdir -p $(@D)
	$(Q)sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@
$(BUILD)/lib/store/db.o: $(BUILD)/gen/schema_sql.inc
$(BUILD)/lib/store/db.o: ALL_CFLAGS += -I$(BUILD)/gen

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

# ---- tests -------------------------------------------------------------------
# `make test`: packages, build, every unit and end-to-end test, then the same
# suite under ASan+UBSan and a short fuzz run.  Last line: "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=address,undefined OPT='-O1 -g' all
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run.sh

test-unit: all
	@tests/run.sh --only unit --build $(BUILD)

test-e2e: all
	@tests/run.sh --only e2e --build $(BUILD)

test-san:
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=address,undefined OPT='-O1 -g' all
	@tests/run.sh --build build-san

test-valgrind: all
	@tests/run.sh --build $(BUILD) --valgrind

# libFuzzer targets (clang): fuzz_import (full import into a small college)
# and fuzz_csv (encoding, CSV reader, headers, cell values; no database).
# The library is compiled once, instrumented, into build-fuzz/obj and linked
# into each target.  `make fuzz` runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 600
FUZZ_DIR   = build-fuzz
FUZZ_NAMES = fuzz_import fuzz_csv
FUZZ_BINS  = $(FUZZ_NAMES:%=$(FUZZ_DIR)/%)
FUZZ_BIN   = $(FUZZ_DIR)/fuzz_import
FUZZ_OBJ   = $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O2 \
	  -fno-omit-frame-pointer -fno-sanitize-recover=all -Ilib -I$(BUILD)/gen $(PKG_CFLAGS) \
	  -DEJ_DATADIR='"$(DATADIR)"' -DEJ_VERSION='"$(VERSION)"'
fuzz-build: $(FUZZ_BINS)
$(FUZZ_DIR)/obj/%.o: %.c $(BUILD)/gen/schema_sql.inc
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -MMD -MP -c $< -o $@
$(FUZZ_DIR)/libejournal.a: $(FUZZ_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DIR)/libejournal.a $(wildcard lib/*/*.h)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined \
	  -o $@ $< $(FUZZ_DIR)/libejournal.a $(LDLIBS)
-include $(FUZZ_OBJ:.o=.d)
fuzz: deps fuzz-build
	@for t in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$t && \
	  cp -n samples/*.csv tests/fuzz/corpus/* $(FUZZ_DIR)/corpus-$$t/ 2>/dev/null; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  $(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -artifact_prefix=$(FUZZ_DIR)/$$t- $(FUZZ_DIR)/corpus-$$t || exit 1; \
	done

# ---- the main job ------------------------------------------------------------
DEMO_OUT ?= demo-out
demo: deps
	@$(MAKE) --no-print-directory all
	@rm -rf $(DEMO_OUT)
	$(BIN) demo --out $(DEMO_OUT)

bench: deps
	@$(MAKE) --no-print-directory all
	@tests/bench/bench.sh $(BUILD)

bench-import: deps
	@$(MAKE) --no-print-directory all
	@tests/bench/bench.sh $(BUILD) import

# ---- install -----------------------------------------------------------------
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/fonts \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ejournal
	install -m 0644 templates/* $(DESTDIR)$(DATADIR)/templates/
	-install -m 0644 fonts/*.ttf $(DESTDIR)$(DATADIR)/fonts/ 2>/dev/null
	install -m 0644 docs/ejournal.1 $(DESTDIR)$(MANDIR)/man1/ejournal.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ejournal $(DESTDIR)$(MANDIR)/man1/ejournal.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz build-*.apt.log build.apt.log demo-out
