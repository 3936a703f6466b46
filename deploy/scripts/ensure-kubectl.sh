#!/usr/bin/env bash
# Makes sure `kubectl kustomize` is available for the deploy tests
# (deploy/tests/*.spec.ts render every overlay with it). Idempotent: does
# nothing when a kubectl with Kustomize v5 or later is already installed.
# Installs Debian's package otherwise (needs root or sudo and apt).
set -euo pipefail

kustomize_major() {
  kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\{0,1\}\([0-9][0-9]*\)\..*/\1/p' | head -n 1
}

usable() {
  command -v kubectl >/dev/null 2>&1 || return 1
  local major
  major="$(kustomize_major)"
  [ -n "$major" ] && [ "$major" -ge 5 ]
}

if usable; then
  echo "ensure-kubectl: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-kubectl: kubectl with Kustomize v5+ is missing and this user cannot install packages" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Debian names the package kubectl in newer releases, kubernetes-client in older ones.
for pkg in kubectl kubernetes-client; do
  candidate="$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -n 1)"
  if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
    $SUDO apt-get install -y -qq "$pkg" >/dev/null
    if usable; then
      echo "ensure-kubectl: installed $pkg $candidate"
      exit 0
    fi
  fi
done

echo "ensure-kubectl: no package gives a kubectl with Kustomize v5+ (found: $(kubectl version --client 2>&1 | tr '\n' ' '))" >&2
exit 1
