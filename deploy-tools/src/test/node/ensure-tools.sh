#!/usr/bin/env bash
# deploy-tools' tests render deploy/ with kubectl's kustomize and check the alerts with promtool.
# Both come from Debian's packages (kubernetes-client, prometheus), unpacked — not installed — into
# the directory given as $1, so they never clash with another kubectl on the machine. Downloads
# them once when missing (apt-get download; as root it refreshes the package lists first when the
# download fails); otherwise says what is missing. Run by the Maven build before the tests.
set -euo pipefail
dir="${1:?usage: ensure-tools.sh DIR}"
packages=(kubernetes-client prometheus)
if [ -x "$dir/usr/bin/kubectl" ] && [ -x "$dir/usr/bin/promtool" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
  echo "deploy-tools' tests need Debian's kubectl (package kubernetes-client) and promtool (package" \
    "prometheus) unpacked under $dir/usr/bin: this machine has no apt-get/dpkg-deb." >&2
  exit 1
fi
mkdir -p "$dir/debs"
cd "$dir/debs"
if ! apt-get download "${packages[@]}" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt-get download "${packages[@]}" >/dev/null 2>&1 || true
  fi
fi
shopt -s nullglob
debs=(kubernetes-client_*.deb prometheus_*.deb)
if [ "${#debs[@]}" -lt 2 ]; then
  echo "Could not download Debian's ${packages[*]} (apt-get download): run 'apt-get update' as root," \
    "or unpack kubectl and promtool under $dir/usr/bin yourself." >&2
  exit 1
fi
for deb in "${debs[@]}"; do
  dpkg-deb -x "$deb" "$dir"
done
rm -rf "$dir/debs"
"$dir/usr/bin/kubectl" version --client >/dev/null
"$dir/usr/bin/promtool" --version >/dev/null
echo "deploy-tools: Debian's kubectl and promtool unpacked under $dir"
