# vpcsim - non-recursive GNU make build.
#
#   make            build/vpcsim (optimised, -Werror)
#   make test       ASan+UBSan build; unit, golden, conformance and fuzz-smoke
#   make demo       build and run the bundled scenarios
#   make bench-data / make bench      region-scale data and the speed table
#   make fuzz       run every libFuzzer target (FUZZ_SECONDS each)
#   make analyze    cppcheck + clang-tidy;  make format / format-check
#   make check-valgrind   golden suite under valgrind
#   make golden-update    rewrite expected golden output (review the diff!)
#   make install [PREFIX=/usr/local] [DESTDIR=...]   binary and man page
#
# Modes: MODE=release (build/), MODE=asan (build/asan/), MODE=debug
# (build/debug/, -O0 for valgrind).  V=1 shows commands.

.DELETE_ON_ERROR:
.SUFFIXES:
SHELL := /bin/bash

MODE ?= release
V ?= 0
Q := $(if $(filter 1,$(V)),,@)

CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

ifeq ($(MODE),release)
B := build
MODE_CFLAGS := -O2 -g
MODE_LDFLAGS :=
else ifeq ($(MODE),asan)
B := build/asan
MODE_CFLAGS := -O1 -g3 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
MODE_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(MODE),debug)
B := build/debug
MODE_CFLAGS := -O0 -g3
MODE_LDFLAGS :=
else
$(error MODE must be release, asan or debug)
endif

WERROR ?= -Werror
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wformat=2 -Wwrite-strings \
	-Wcast-qual -Wpointer-arith -Wundef -Wvla -Wnull-dereference \
	-Wimplicit-fallthrough -Wdouble-promotion -Wconversion \
	-Wsign-conversion -fno-common

PKG_CFLAGS := $(shell pkg-config --cflags libcjson yaml-0.1 zlib 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs libcjson yaml-0.1 zlib 2>/dev/null || echo -lcjson -lyaml -lz)
CPPFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -iquote model -iquote sim $(PKG_CFLAGS)
CFLAGS := $(MODE_CFLAGS) $(WARN) $(WERROR) -MMD -MP $(EXTRA_CFLAGS)
LDLIBS := $(PKG_LIBS) -lJudy -lm -lpthread

# Sources: every .c in model/ and sim/ is library code except sim/main.c.
LIB_SRC := $(sort $(wildcard model/*.c) $(filter-out sim/main.c,$(wildcard sim/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
LIB := $(B)/libvs.a
BIN := $(B)/vpcsim

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
UNIT_HELPERS := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))
UNIT_HELPER_OBJ := $(UNIT_HELPERS:%.c=$(B)/obj/%.o)

.PHONY: all lib units test check demo deps clean format format-check analyze \
	golden golden-update check-valgrind fuzz fuzz-smoke bench bench-data \
	headers conformance symbols install uninstall

all: $(BIN)
lib: $(LIB)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(B)/obj/sim/main.o $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(MODE_LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(UNIT_HELPER_OBJ) $(LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(MODE_LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

units: $(UNIT_BIN)

-include $(shell find build -name '*.d' 2>/dev/null)

# ---- set-up: Debian packages ----
deps:
	$(Q).ci/deps

# ---- tests ----
# `make test` is the whole suite in the ASan+UBSan build; one summary line.
test check: deps
	$(Q)$(MAKE) --no-print-directory MODE=asan all units
	$(Q)tests/run-all build/asan

golden:
	$(Q)$(MAKE) --no-print-directory MODE=asan all
	$(Q)tests/golden/run build/asan/vpcsim

golden-update:
	$(Q)$(MAKE) --no-print-directory MODE=asan all
	$(Q)tests/golden/run --update build/asan/vpcsim

conformance:
	$(Q)$(MAKE) --no-print-directory MODE=asan all
	$(Q)tests/conformance build/asan/vpcsim

check-valgrind:
	$(Q)$(MAKE) --no-print-directory MODE=debug all
	$(Q)VS_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite" \
		tests/golden/run build/debug/vpcsim

# Every header compiles on its own.
headers:
	$(Q)for h in model/*.h sim/*.h; do \
		echo "#include \"$$h\"" | $(CC) $(CPPFLAGS) $(WARN) $(WERROR) -x c -fsyntax-only -I. - \
			|| { echo "header $$h does not stand alone"; exit 1; }; done; echo "headers: all stand alone"

# Exported symbols all carry the vs_ prefix.
symbols: $(LIB)
	$(Q)bad=$$(nm -g --defined-only $(LIB) | awk 'NF==3 && $$3 !~ /^(vs_|__odr_asan)/ {print $$3}'); \
		if [ -n "$$bad" ]; then echo "symbols without vs_ prefix:"; echo "$$bad"; exit 1; fi; \
		echo "symbols: all exported names start with vs_"

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/demo build/vpcsim

# ---- fuzzing (clang + libFuzzer) ----
FUZZ_SECONDS ?= 60
fuzz:
	$(Q)tests/fuzz/run $(FUZZ_SECONDS)
fuzz-smoke:
	$(Q)tests/fuzz/run --smoke

# ---- benchmarks ----
bench-data: all
	$(Q)tests/bench/make-data
bench: all
	$(Q)tests/bench/run

# ---- style and static analysis ----
FMT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	$(Q)clang-format -i $(FMT_SRC)
format-check:
	$(Q)clang-format --dry-run --Werror $(FMT_SRC) && echo "format-check: clean"
analyze:
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--inline-suppr --std=c11 -Imodel -Isim \
		--suppress=missingIncludeSystem $(LIB_SRC) sim/main.c && echo "cppcheck: clean"
	$(Q)out=$$(clang-tidy --quiet $(LIB_SRC) -- $(CPPFLAGS) 2>/dev/null | \
		grep -E ': (warning|error):'); \
		if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
		echo "clang-tidy: clean"

PREFIX ?= /usr/local
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vpcsim
	install -m 644 docs/vpcsim.1 $(DESTDIR)$(PREFIX)/share/man/man1/vpcsim.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vpcsim \
		$(DESTDIR)$(PREFIX)/share/man/man1/vpcsim.1

clean:
	rm -rf build
