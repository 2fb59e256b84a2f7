# syntax=docker/dockerfile:1
# ConText-CIR retrieval service: `context-server serve` on the bundled demo model.
#
#   docker build -t context-cir .
#   docker run --rm -p 8080:8080 -v context-data:/data context-cir
#   docker run --rm -p 8080:8080 -v context-data:/data -v /path/to/model:/app/model:ro context-cir
#
# Flags after the image name go to `context-server serve` (e.g. `--max-batch 4`); every flag also
# has a CONTEXT_* environment variable (docs/operations.md). Deploy/ has Kubernetes and compose
# manifests. The image targets x86-64 (the AVX2/FMA kernels are chosen at run time; OpenBLAS
# covers other CPUs).

# The toolchain the project is developed and tested with (Swift 6.3 on Debian 12). Any Swift 6.x
# bookworm image should do: docker build --build-arg SWIFT_IMAGE=swift:6.0-bookworm .
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build

# The C libraries' headers and pkg-config files (the same list as the Makefile's APT_PACKAGES).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libopenblas-dev libjpeg62-turbo-dev libpng-dev libwebp-dev zlib1g-dev libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# Dependencies first, so source edits do not refetch them.
# (Package.resolve[d]: copied when present, without failing when it is not.)
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve

COPY . .
# Build, then fail here rather than at run time if a shared library would be missing.
RUN swift build -c release --product context-server --static-swift-stdlib \
 && mkdir -p /out/bin /out/model \
 && cp "$(swift build -c release --product context-server --show-bin-path)/context-server" /out/bin/ \
 && strip /out/bin/context-server \
 && ! ldd /out/bin/context-server | grep "not found" \
 && cp -L Models/default/* /out/model/

# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# Runtime halves of the build's -dev packages, plus curl for the health check. The Swift
# standard library and Foundation are linked statically.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libopenblas0-pthread libjpeg62-turbo libpng16-16 libwebp7 zlib1g libssl3 libstdc++6 \
      ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 context \
 && useradd --system --uid 10001 --gid context --home-dir /app --no-create-home --shell /usr/sbin/nologin context \
 && mkdir -p /app/model /data \
 && chown context:context /data

COPY --from=build /out/bin/context-server /usr/local/bin/context-server
COPY --from=build /out/model/ /app/model/
# Smoke test: the binary loads its shared libraries and parses its command line.
RUN context-server serve --help > /dev/null

ENV CONTEXT_MODEL=/app/model \
    CONTEXT_DATA=/data \
    CONTEXT_HOST=0.0.0.0 \
    CONTEXT_PORT=8080

# The gallery (append-only log, snapshots, source images). One container per data directory: the
# store takes an exclusive lock on it.
VOLUME ["/data"]
WORKDIR /app
USER 10001:10001
EXPOSE 8080

# https when CONTEXT_TLS_CERT is set (-k: the certificate names the public host, not 127.0.0.1).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsSk -o /dev/null "http${CONTEXT_TLS_CERT:+s}://127.0.0.1:${CONTEXT_PORT:-8080}/healthz" || exit 1

# Exec form: context-server is PID 1 and receives SIGTERM itself, which drains in-flight requests
# (up to 20 s) and closes the gallery cleanly. Give the runtime a longer stop timeout than that
# (docker stop -t 30; Kubernetes terminationGracePeriodSeconds: 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["context-server", "serve"]
