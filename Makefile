# amb: PGXS build.
#
#   make [WERROR=1]            build the extension (WERROR=1: the test build)
#   make install               install into the server found by PG_CONFIG
#   make installcheck          pg_regress + isolation suites against a running server
#   make unit                  core unit tests under ASan/UBSan (no server headers)
#   make fuzz                  libFuzzer targets for the core (clang)

EXTENSION = amb
MODULE_big = amb
DATA = amb--1.0.sql amb--1.0--1.1.sql amb--1.1--1.2.sql amb--1.2--1.3.sql

CORE_OBJS = src/core/status.o src/core/utf8.o src/core/fold.o src/core/tagnorm.o \
	src/core/name.o src/core/jaro.o src/core/dmetaphone.o \
	src/core/email.o src/core/phone.o src/core/handle.o src/core/damerau.o \
	src/core/address.o src/core/person.o src/core/fsmodel.o src/core/block.o \
	src/core/bizdays.o src/core/consent_rules.o src/core/audit_hash.o \
	src/core/milestone.o
OBJS = src/amb.o src/compat.o src/report.o src/spi_cache.o \
	src/tag.o src/tag_alias.o src/tag_trigger.o src/similarity.o src/contact.o \
	src/ambassador.o src/match.o src/train.o src/blocking.o src/merge.o \
	src/audit.o src/consent.o src/privacy.o src/erase.o src/bulk.o \
	src/incentive.o src/simulate.o \
	$(CORE_OBJS)

PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/core
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wno-sign-compare
ifeq ($(WERROR),1)
PG_CFLAGS += -Werror
endif
SHLIB_LINK = -lutf8proc -lxxhash -lcrypto

REGRESS = tag dedup febrl consent incentive upgrade
REGRESS_OPTS = --load-extension=btree_gist --load-extension=amb
ISOLATION = tag_alias_chain upsert_same_person consent_concurrent incentive_concurrent incentive_races erase_concurrent
ISOLATION_OPTS = --load-extension=btree_gist --load-extension=amb

EXTRA_CLEAN = test/unit/bin test/fuzz/bin results output_iso regression.* \
	tmp_check tmp_check_iso log

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS does not track header dependencies: rebuild everything a header touches
$(OBJS): $(wildcard src/*.h src/core/*.h)

# ---- core unit tests and fuzzers: plain C, no server include path ----------

CORE_SRCS = $(CORE_OBJS:.o=.c)
CORE_HDRS = $(wildcard src/core/*.h)
UNIT_CC ?= gcc
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_CFLAGS = -std=c11 -O1 -g -Wall -Wextra -Werror $(SAN) -Isrc/core
UNIT_TESTS = $(patsubst test/unit/%.c,test/unit/bin/%,$(wildcard test/unit/test_*.c))

test/unit/bin/%: test/unit/%.c $(wildcard test/unit/*.h) $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p test/unit/bin
	$(UNIT_CC) $(UNIT_CFLAGS) -o $@ $< $(CORE_SRCS) -lutf8proc -lxxhash -lcrypto -lm

.PHONY: unit fuzz
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "# $$t"; $$t; done

FUZZ_CC ?= clang
FUZZ_CFLAGS = -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Isrc/core
FUZZERS = $(patsubst test/fuzz/%.c,test/fuzz/bin/%,$(wildcard test/fuzz/fuzz_*.c))

test/fuzz/bin/%: test/fuzz/%.c test/fuzz/fuzz_reader.h $(wildcard test/unit/*.h) $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p test/fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRCS) -lutf8proc -lxxhash -lcrypto -lm

fuzz: $(FUZZERS)
