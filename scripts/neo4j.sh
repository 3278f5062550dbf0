#!/usr/bin/env bash
# A real Neo4j 5 LTS community server on loopback, for the Neo4j tier of the tests and benchmarks.
# Its jars come from Maven Central (scripts/neo4j/pom.xml; ~/.m2 caches them between runs), and
# scripts/neo4j/Launcher.java starts the DBMS with Bolt on 127.0.0.1 and a password. Needs Java 17+
# and Maven; regkg itself needs neither (its embedded default is ArcadeDB).
#
#   bash scripts/neo4j.sh start   # fresh, empty database; writes .neo4j/env (NEO4J_URI=… lines)
#   bash scripts/neo4j.sh stop
#   bash scripts/neo4j.sh fetch   # only the jars
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${REGKG_NEO4J_DIR:-.neo4j}"
VERSION="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' scripts/neo4j/pom.xml)"
PASSWORD="${REGKG_NEO4J_PASSWORD:-regkg-test-neo4j}"

fetch() {
    if [ -f "$DIR/lib/.neo4j-$VERSION" ]; then return; fi
    for tool in java mvn; do
        command -v "$tool" >/dev/null || { echo "regkg: $tool not found: install a JDK 17+ and Maven to run Neo4j" >&2; exit 1; }
    done
    echo "regkg: fetching Neo4j $VERSION community jars from Maven Central (cached in ~/.m2)"
    rm -rf "$DIR/lib"
    mvn -q -B -Dstyle.color=never -f scripts/neo4j/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$DIR/lib" \
        || { echo "regkg: could not fetch Neo4j $VERSION from Maven Central (see the Maven output above)" >&2; exit 1; }
    touch "$DIR/lib/.neo4j-$VERSION"
}

stop() {
    if [ -f "$DIR/pid" ]; then
        local pid; pid="$(cat "$DIR/pid")"
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$DIR/pid" "$DIR/env"
    fi
}

start() {
    fetch
    stop
    rm -rf "$DIR/home"
    local port
    port="${REGKG_NEO4J_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
    echo "regkg: starting Neo4j $VERSION on bolt://127.0.0.1:$port (log: $DIR/server.log)"
    # shellcheck disable=SC2086
    nohup java ${REGKG_NEO4J_JAVA_OPTS:--Xmx2g} -cp "$DIR/lib/*" scripts/neo4j/Launcher.java \
        "$PWD/$DIR/home" "$port" "$PASSWORD" >"$DIR/server.log" 2>&1 &
    echo $! >"$DIR/pid"
    for _ in $(seq 240); do
        if grep -q '^READY ' "$DIR/server.log"; then
            printf 'NEO4J_URI=bolt://127.0.0.1:%s\nNEO4J_USER=neo4j\nNEO4J_PASSWORD=%s\n' "$port" "$PASSWORD" >"$DIR/env"
            echo "regkg: $(grep '^READY ' "$DIR/server.log")"
            return
        fi
        kill -0 "$(cat "$DIR/pid")" 2>/dev/null || break
        sleep 0.5
    done
    echo "regkg: Neo4j did not start; the end of $DIR/server.log:" >&2
    tail -20 "$DIR/server.log" >&2
    stop
    exit 1
}

mkdir -p "$DIR"
case "${1:-}" in
    start) start ;;
    stop) stop ;;
    fetch) fetch ;;
    *) echo "usage: scripts/neo4j.sh start|stop|fetch" >&2; exit 2 ;;
esac
