#!/usr/bin/env bash
# Debian packages the tests use, installed only where missing.
#   hdf5-tools    h5dump: cross-checks of the HDF5 files we write
#   python3-h5py  h5py: the HDF5 files must open in the tool HiSS-Cube users have
#   fitsverify    HEASARC's FITS checker: simulated SDSS files must pass it
#   chromium      headless browser: the experiment report page must render without console errors
#   prometheus    Prometheus + promtool: `./hisscube up` runs it; the alert rules are checked and fired in the tests
#   kubectl       renders k8s/ (`kubectl kustomize`) in the deployment checks
#   docker-compose  parses docker-compose.yml without a Docker engine (`docker-compose config`) in the deployment checks
# With package names as arguments, installs only those (./hisscube up installs prometheus this way).
set -euo pipefail
PACKAGES=(hdf5-tools python3-h5py fitsverify chromium prometheus kubectl docker-compose)
if (( $# > 0 )); then PACKAGES=("$@"); fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
echo "hisscube: installing test packages: ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
