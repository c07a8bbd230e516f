#!/usr/bin/env bash
# The tests drive the embedded cluster with real kubectl at /usr/bin/kubectl
# (emulator/testing/kubectl-harness.ts, deploy/testing/render.ts, e2e/harness.ts), whose
# scenarios report Kubernetes 1.27 to 1.33; kubectl's version skew policy then wants a client
# from that range. This only checks: Debian 12's kubernetes-client is 1.20, too old, and the
# machines CI runs on reach no other source, so nothing is downloaded or installed here.
set -euo pipefail
KUBECTL=/usr/bin/kubectl
MIN=27
MAX=33

how_to_install() {
  cat >&2 <<HELP
Install kubectl 1.${MIN}–1.${MAX} at ${KUBECTL}, then run npm run setup again. Either:
  - from the Kubernetes apt repository (https://pkgs.k8s.io/core:/stable:/v1.${MAX}/deb/), as
    https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ describes, then
    apt-get install kubectl; or
  - the static binary: https://dl.k8s.io/release/v1.${MAX}.0/bin/linux/amd64/kubectl (check it
    against its .sha256), installed as ${KUBECTL} with mode 0755.
Debian's kubernetes-client package (1.20 on Debian 12) is too old.
HELP
  exit 1
}

if [ ! -x "$KUBECTL" ]; then
  echo "ensure-kubectl: ${KUBECTL} is missing; the tests need kubectl 1.${MIN}–1.${MAX} there." >&2
  how_to_install
fi
# -o json: the plain output differs between kubectl versions; gitVersion is in all of them.
version=$("$KUBECTL" version --client -o json 2>/dev/null |
  sed -n 's/.*"gitVersion": *"v\([0-9]*\.[0-9]*\)[^"]*".*/\1/p' | head -n 1)
minor=${version#1.}
if [ -z "$version" ] || [ "${version%%.*}" != 1 ] || [ "$minor" -lt "$MIN" ] || [ "$minor" -gt "$MAX" ]; then
  echo "ensure-kubectl: ${KUBECTL} is kubectl ${version:-of unknown version}; the tests need 1.${MIN}–1.${MAX}." >&2
  how_to_install
fi
