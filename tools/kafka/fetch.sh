#!/usr/bin/env bash
# Puts Apache Kafka's jars (version pinned in tools/kafka/pom.xml) into DIR/libs,
# once. Needs Java 17+ and Maven; the jars come from Maven Central.
set -euo pipefail
dir="${1:?usage: tools/kafka/fetch.sh DIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
if ls "$dir/libs/kafka_2.13-$version.jar" >/dev/null 2>&1; then
  exit 0
fi
mkdir -p "$dir/libs"
echo "fetching Apache Kafka $version jars with Maven into $dir/libs" >&2
mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/libs" -DincludeScope=runtime
