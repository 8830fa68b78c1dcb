# Shared by the bench/*-bench.sh scripts (sourced, not run): the common arguments and logging.
#   [--install] [corpus-dir] [runs]   ->  ROOT, INSTALL, CORPUS, RUNS;  -h prints the calling script's header comment
export LC_ALL=C   # "." as the decimal separator in EPOCHREALTIME, awk and python output
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INSTALL=0
POS=()
for a in "$@"; do
  case "$a" in
    --install) INSTALL=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    -*) echo "unknown option: $a" >&2; exit 2 ;;
    *) POS+=("$a") ;;
  esac
done
CORPUS=${POS[0]:-$ROOT/../shared/corpus/real}
RUNS=${POS[1]:-3}
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "runs must be a positive whole number, was '$RUNS'" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "corpus folder not found: $CORPUS" >&2; exit 2; }
CORPUS=$(cd "$CORPUS" && pwd)
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
