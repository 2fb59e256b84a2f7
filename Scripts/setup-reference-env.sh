#!/usr/bin/env bash
# Creates .venv-ref: the reference stack the goldens and reference benchmarks come from.
# Debian's python3-torch (1.13, CPU) is importable only from /usr/bin/python3, so the venv is made
# from that interpreter with --system-site-packages; transformers and safetensors come from PyPI.
# ftfy must stay out: with it installed, CLIPTokenizer silently switches to another cleaning path.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && ! /usr/bin/python3 -c 'import torch, PIL, numpy' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-pil python3-numpy python3-venv
fi
if [ ! -x .venv-ref/bin/python ]; then
  /usr/bin/python3 -m venv --system-site-packages .venv-ref
fi
.venv-ref/bin/pip install -q 'transformers==4.36.2' 'safetensors>=0.4,<0.5'
if .venv-ref/bin/python -c 'import ftfy' 2>/dev/null; then
  echo "ftfy is installed in .venv-ref: remove it, it changes CLIPTokenizer's behaviour" >&2
  exit 1
fi
.venv-ref/bin/python -c 'import torch, transformers, safetensors, PIL; print("reference env:", "torch", torch.__version__, "transformers", transformers.__version__, "Pillow", PIL.__version__)'
