# The two commands (README.md): 'make run' and 'make test'. Both install what they need first.
MVN ?= mvn -B -ntp
RUN_DIR ?= /tmp/hostbridge-run

.PHONY: run test build prereqs bench clean

prereqs:
	./scripts/prereqs.sh

build: prereqs
	$(MVN) -DskipTests install

# Runs the agent in the foreground on the embedded defaults (REST on 127.0.0.1:54321).
run: build
	$$(ls -d packaging/target/hostbridge-*/hostbridge-*/bin/hostbridge | head -n 1) $(ARGS)

# The whole test suite: unit, contract, integration and real-client tests.
test: prereqs
	$(MVN) install

# Benchmarks (not part of 'make test'): see docs/benchmarks.md.
bench: build
	./bench/run.sh

clean:
	$(MVN) clean
