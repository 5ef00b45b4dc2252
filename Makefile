# The two commands (README.md): 'make run' and 'make test'. Both install what they need first.
MVN ?= mvn -B -ntp
RUN_DIR ?= /tmp/hostbridge-run

.PHONY: run test build prereqs bench bench-protocols clean

prereqs:
	./scripts/prereqs.sh

build: prereqs
	$(MVN) -DskipTests install

# Runs the agent in the foreground on the embedded defaults (HTTP on 127.0.0.1:54321: REST, JSON-RPC,
# XML-RPC; AMQP through an embedded broker on 127.0.0.1:5672).
run: build
	$$(ls -d packaging/target/hostbridge-*/hostbridge-*/bin/hostbridge | head -n 1) $(ARGS)

# The whole test suite: unit, contract, integration and real-client tests.
test: prereqs
	$(MVN) install

# Benchmarks (not part of 'make test'): see docs/benchmarks.md.
bench: build
	./bench/run.sh

# Protocol benchmarks: every binding, the Python XML-RPC and bare JMS baselines, AMQP event fan-out.
bench-protocols: build
	./bench/protocols.sh

clean:
	$(MVN) clean
