# The two commands (README.md): 'make run' and 'make test'. Both install what they need first.
MVN ?= mvn -B -ntp
RUN_DIR ?= /tmp/hostbridge-run

.PHONY: run test test-realvm realvm-setup build deb prereqs bench bench-pipeline bench-tls bench-protocols bench-stomp bench-storage bench-vm bench-vm-real bench-snapshot-real bench-backup-real bench-imageio bench-imageio-server bench-streams bench-overload bench-subscribers bench-hbsh bench-startup clean

prereqs:
	./scripts/prereqs.sh

build: prereqs
	$(MVN) -DskipTests install

# The Debian package packaging/target/hostbridge_<version>_all.deb (docs/packaging.md); the packaging module's
# 'mvn package' builds it with the distribution.
deb: prereqs
	$(MVN) -DskipTests -pl packaging -am package
	@ls packaging/target/hostbridge_*_all.deb

# Runs the agent in the foreground on the embedded defaults (HTTP on 127.0.0.1:54321: REST, JSON-RPC,
# XML-RPC; AMQPS through an embedded broker on 127.0.0.1:5671).
run: build
	$$(ls -d packaging/target/hostbridge-*/hostbridge-*/bin/hostbridge | head -n 1) $(ARGS)

# The whole test suite: unit, contract, integration and real-client tests, then the real-VM tests
# (real libvirt daemons and QEMU guests, prepared by scripts/realvm/setup.sh: docs/realvm.md).
test: prereqs realvm-setup
	$(MVN) install -Prealvm

# The real-VM tests alone.
test-realvm: realvm-setup
	$(MVN) -pl tests -am test -Prealvm -Dtest='RealVm*' -Dsurefire.failIfNoSpecifiedTests=false

realvm-setup: prereqs
	./scripts/realvm/setup.sh

# Benchmarks (not part of 'make test'): see docs/benchmarks.md.
bench: build
	./bench/run.sh

# The call pipeline's cost: REST Host.ping2 of this checkout vs the agent before the pipeline, same run.
bench-pipeline: build
	./bench/pipeline.sh

# What trust costs a caller: Host.ping2 over HTTPS with a client certificate vs the unix socket, new TLS connections/s.
bench-tls: build
	./bench/tls.sh

# Protocol benchmarks: every binding, the Python XML-RPC and bare JMS baselines, AMQP event fan-out.
bench-protocols: build
	./bench/protocols.sh

# VDSM's JSON-RPC over STOMP (oVirt engine's client) vs JSON-RPC over HTTP, same agent; event fan-out STOMP vs SSE.
bench-stomp: build
	./bench/stomp.sh

# Storage benchmarks: Volume.create, getStats/getInfo latency with many volumes, copy jobs vs qemu-img.
bench-storage: build
	./bench/storage.sh

# VM benchmarks on libvirt's test driver: Host.getAllVmStats with 100 VMs, lifecycle event to SSE/AMQP.
bench-vm: prereqs
	./bench/vm.sh

# VM.create -> Up through the agent vs virsh define+start of the same domain, real QEMU guests (docs/realvm.md).
bench-vm-real: realvm-setup
	./bench/vm-real.sh

# VM.snapshot and VM.merge vs virsh's disk-only snapshot and active blockcommit, real QEMU guests, 10 GiB disks.
bench-snapshot-real: realvm-setup
	./bench/snapshot-real.sh

bench-backup-real: realvm-setup
	./bench/backup-real.sh

# Image transfers: imageio's client through the data server, TCP and unix socket, 1 and 4 connections, vs dd.
bench-imageio: build
	./bench/imageio.sh

# The data server against imageio's own server: a whole image PUT and GET with curl over each one's unix socket.
bench-imageio-server: build
	./bench/imageio-server.sh

# Data streams: Volume.upload/download over WebSocket and AMQP beside the image data server; Host.ping2 p99 meanwhile.
bench-streams: build
	./bench/streams.sh

# 500 XML-RPC callers at once: served, refused with 1100, timed out, latency (issue 17).
bench-overload: build
	./bench/overload.sh

# Memory per idle SSE, STOMP and AMQP event subscriber (issue 17).
bench-subscribers: build
	./bench/subscribers.sh

# hbsh's start: bin/hbsh Host ping2 on the unix socket, with and without its class-data archive, vs curl (issue 15).
bench-hbsh: build
	./bench/hbsh.sh

# The agent's start and idle memory, with and without its class-data archive (issue 17).
bench-startup: build
	./bench/startup.sh

clean:
	$(MVN) clean
