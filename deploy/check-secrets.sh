#!/usr/bin/env bash
# Refuses to start the stack while a secret is weak. Usage: check-secrets.sh VAR...
# (the names of the variables to check). airflow-init runs it first; every Airflow
# service waits for airflow-init to succeed; flower and superset run it themselves.
#
# The rule: a secret is refused when it
#   - is empty or only blanks;
#   - is shorter than 12 characters;
#   - has fewer than 6 different characters (aaaaaaaaaaaa, 121212121212);
#   - holds a placeholder: "change me" in any case or spelling (CHANGE-ME, changeme,
#     Change_Me, change me), "placeholder", "example" or "xxxx";
#   - is a well-known default, whatever its case (airflow, admin, password, secret,
#     superset, postgres, redis, flower, default, letmein, administrator, ...).
# A variable whose name ends in BASIC_AUTH holds user:password pairs separated by commas
# (FLOWER_BASIC_AUTH): every pair needs a user, and its password is held to the rule.
set -euo pipefail

MIN_LENGTH=12
MIN_DISTINCT=6
DEFAULTS=" airflow admin administrator password passw0rd password1 secret superset postgres
  redis flower default letmein welcome qwerty 123456789012 guest test "

# Why `value` is weak, or nothing when it is not.
weakness() {
  local value="$1" lower squeezed distinct
  if [[ -z "${value//[[:space:]]/}" ]]; then
    echo "empty"
    return
  fi
  lower="${value,,}"
  squeezed="${lower//[-_ .]/}"
  if [[ "$squeezed" == *changeme* || "$lower" == *placeholder* || "$lower" == *example* \
    || "$lower" == *xxxx* ]]; then
    echo "a placeholder"
    return
  fi
  if [[ "$DEFAULTS" == *" $lower "* || "$DEFAULTS" == *" $lower"$'\n'* ]]; then
    echo "a well-known default"
    return
  fi
  if ((${#value} < MIN_LENGTH)); then
    echo "shorter than $MIN_LENGTH characters"
    return
  fi
  distinct=$(printf '%s' "$value" | fold -w1 | sort -u | wc -l)
  if ((distinct < MIN_DISTINCT)); then
    echo "fewer than $MIN_DISTINCT different characters"
  fi
}

unsafe=()
for name in "$@"; do
  value="${!name:-}"
  if [[ "$name" == *BASIC_AUTH ]]; then
    why=""
    [[ -z "${value//[[:space:]]/}" ]] && why="empty"
    IFS=',' read -r -a pairs <<<"$value"
    for pair in "${pairs[@]}"; do
      user="${pair%%:*}"
      password="${pair#*:}"
      if [[ "$pair" != *:* || -z "${user//[[:space:]]/}" ]]; then
        why="not user:password"
      elif reason=$(weakness "$password") && [[ -n "$reason" ]]; then
        why="the password of ${user} is ${reason}"
      fi
      [[ -n "$why" ]] && break
    done
  else
    why=$(weakness "$value")
  fi
  if [[ -n "$why" ]]; then
    unsafe+=("$name ($why)")
  fi
done
if ((${#unsafe[@]})); then
  printf 'refusing to start: weak secrets in .env: %s\n' "${unsafe[*]}" >&2
  echo "a secret needs ${MIN_LENGTH}+ characters, ${MIN_DISTINCT}+ different ones, no placeholder" \
    "(CHANGE-ME, changeme, example, ...) and no default word (airflow, admin, ...);" \
    "generate one with: openssl rand -base64 24" >&2
  exit 1
fi
echo "secrets set: $*"
