# Keel: `make run` to use it, `make test` for everything. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
TAGS := desktop,production,webkit2_41
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
BIN := build/bin
APT_PACKAGES := libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config xdg-utils
TEST_APT_PACKAGES := xvfb xauth dbus-daemon imagemagick x11-utils xdotool chromium poppler-utils qpdf curl unzip zip openssh-client syncthing
RELEASE_APT_PACKAGES := nsis file imagemagick dpkg
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run build frontend deps test-deps release-deps test test-go test-frontend test-e2e test-desktop interop release release-check icons bench vet clean

run: deps build ## install what is missing, build, open Keel
	$(BIN)/keel

build: frontend ## release binaries: the window (build/bin/keel) and headless (build/bin/keel-headless)
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN)/keel .
	CGO_ENABLED=0 $(GO) build -tags headless -ldflags "$(LDFLAGS)" -o $(BIN)/keel-headless .

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

# Installs only the Debian/Ubuntu packages of $(1) that are missing.
apt_install = @missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; fi

deps:
	$(call apt_install,$(APT_PACKAGES))
	@command -v npm >/dev/null || { echo "installing nodejs and npm"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@command -v $(GO) >/dev/null || { echo "Keel needs Go 1.26 or newer (go.mod): install it from your usual Go source, then run make again"; exit 1; }

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))

release-deps:
	$(call apt_install,$(RELEASE_APT_PACKAGES))

release: release-deps build ## installers in build/release: the Linux .deb, keel.exe and its NSIS installer, SHA256SUMS
	GO=$(GO) bash .ci/release.sh $(VERSION)

release-check: test-deps release ## install the .deb with apt and smoke-test it; check the Windows files
	bash .ci/release-check.sh

# build/appicon.png (Keel's anchor on its blue), the Windows .ico and the window's 256 px icon
# made from it (committed; run after changing the drawing).
icons:
	convert -size 1024x1024 xc:none -fill '#3451d1' -draw 'roundrectangle 32,32 991,991 220,220' \
	  -font DejaVu-Sans -fill white -pointsize 660 -gravity center -annotate +0+20 '⚓' -depth 8 -strip build/appicon.png
	convert build/appicon.png -define icon:auto-resize=256,128,64,48,32,16 build/windows/icon.ico
	convert build/appicon.png -resize 256x256 -strip build/linux/icon-256.png

test: test-deps build vet test-go test-frontend test-e2e test-desktop ## everything
	@echo "make test: all suites passed"

vet: frontend
	$(GO) vet ./...
	$(GO) vet -tags $(TAGS) ./...
	CGO_ENABLED=0 $(GO) vet -tags headless ./...

# ./app/... includes the command line's tests (app/cli), which build the headless binary.
test-go: frontend
	$(GO) test -race -count=1 ./backend/... ./app/...
	$(GO) test -count=1 ./reports/...

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run check && npm test

test-e2e: build
	cd frontend && KEEL_BIN=$(CURDIR)/$(BIN)/keel-headless npm run e2e

test-desktop: build
	bash .ci/desktop-smoke.sh $(BIN)/keel

# Spreadsheets through LibreOffice Calc (headless): Keel's exports opened, edited and saved by
# Calc import back as updates. About 40 s, so not part of make test.
interop: frontend
	@command -v soffice >/dev/null || { echo "installing libreoffice-calc"; DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends libreoffice-calc; }
	$(GO) test -count=1 -tags interop -run TestLibreOffice ./backend/tabular/

bench: build ## benchmarks, reported with the machine
	@echo "machine: $$(nproc) cores, $$(free -g | awk '/Mem:/{print $$2}') GiB, $$(uname -sr), $$($(GO) version | cut -d' ' -f3)"
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x ./backend/store/
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 5x ./backend/gap/ && $(GO) test -run '^$$' -bench GapScreen -benchtime 5x ./app/
	bash .ci/bench-rss.sh $(BIN)/keel-headless
	bash .ci/bench-packs.sh
	$(GO) test -run '^$$' -bench '^BenchmarkBundleExport$$' -benchtime 1x ./backend/bundle/
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x ./backend/sync/
	GO=$(GO) bash .ci/bench-sync.sh $(BIN)/keel-headless
	$(GO) test -run '^$$' -bench '^BenchmarkOverview20$$' -benchtime 1x ./app/

.PHONY: fuzz
FUZZTIME ?= 2m
fuzz: ## fuzz the bundle and response readers for FUZZTIME each (make test runs only their seeds)
	$(GO) test -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME) ./backend/bundle/
	$(GO) test -run '^$$' -fuzz '^FuzzReadResponse$$' -fuzztime $(FUZZTIME) ./backend/bundle/
	$(GO) test -run '^$$' -fuzz '^FuzzImportCSV$$' -fuzztime $(FUZZTIME) ./backend/tabular/
	$(GO) test -run '^$$' -fuzz '^FuzzImportXLSX$$' -fuzztime $(FUZZTIME) ./backend/tabular/
	$(GO) test -run '^$$' -fuzz '^FuzzVerifyBackup$$' -fuzztime $(FUZZTIME) ./backend/store/
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./backend/catalog/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeArgs$$' -fuzztime $(FUZZTIME) ./app/

clean:
	rm -rf $(BIN) frontend/dist
