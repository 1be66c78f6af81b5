# Sourced by ./lossforge and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: an existing JAVA_HOME if it is new enough, then the JDKs under /usr/lib/jvm (newest first),
# then `java` on the PATH. Fails with one readable line when none is found.
lossforge_java_major() {  # prints the major version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

lossforge_find_jdk() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${candidate%/}"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    major=$(lossforge_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "lossforge: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, PATH); install one or set JAVA_HOME" >&2
  return 1
}
