#!/bin/sh
# Installs what building, running and testing hostbridge needs on Debian 12, skipping what is present.
# Used by 'make run' and 'make test'; safe to run again. Packages named as arguments are installed too
# (scripts/realvm/setup.sh passes the libvirt daemon and QEMU packages of the real-VM tests).
set -eu

# Debian packages: runtime (libvirt0 for the libvirt binding, qemu-utils for disk images),
# and the real clients the test suite drives the agent with (curl, python3 with xmlrpc.client,
# python3-qpid-proton as an AMQP cluster manager, python3-websockets for data streams over WebSocket,
# python3-prometheus-client to read the metrics, python3-jsonschema to check answers against the OpenAPI document,
# virsh; procps for pgrep in the storage crash test;
# oVirt's imageio client, built from its source distribution by scripts/imageio-client.sh, needs pip,
# setuptools, gcc and the Python headers; systemd for systemd-analyze, which checks the Debian package's unit).
PACKAGES="openjdk-17-jdk-headless maven make curl python3 python3-qpid-proton python3-websockets python3-prometheus-client python3-jsonschema libvirt0 libvirt-clients qemu-utils procps systemd fdisk"
PACKAGES="$PACKAGES python3-pip python3-setuptools python3-dev gcc $*"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "prereqs: installing$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
