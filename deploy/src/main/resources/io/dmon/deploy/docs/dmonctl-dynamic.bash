
# dmon: job ids and host names, asked of the coordinators by `dmonctl __complete jobs|hosts`
# (200 ms to answer once connected; nothing at all when none answers in time), with the
# --coordinator and --tls-dir given on the line being completed. Everything else is picocli's
# completion above. The line is split at blanks only: bash's COMP_WORDS splits 127.0.0.1:7700 at
# its colon.
function _dmonctl_line_words() {
  local line=${COMP_LINE:0:$COMP_POINT}
  if [[ -n "${ZSH_VERSION:-}" ]]; then
    # zsh (through bashcompinit, arrays from 0) splits with ${=...}; its read has no -a.
    eval '_dmonctl_words=( ${=line} )'
  else
    read -r -a _dmonctl_words <<< "${line}"
  fi
  if [[ -z "${line}" || "${line}" == *[[:space:]] ]]; then
    _dmonctl_words+=("")
  fi
}

function _dmonctl_ask() {
  local kind=$1 i w last=$((${#_dmonctl_words[@]} - 1))
  local -a globals=()
  for ((i = 1; i < last; i++)); do
    w=${_dmonctl_words[i]}
    case ${w} in
      --coordinator|--tls-dir)
        globals+=("${w}" "${_dmonctl_words[i+1]}")
        ((i++))
        ;;
      --timeout)
        ((i++))
        ;;
      -*) ;;
      *) break ;;
    esac
  done
  "${_dmonctl_words[0]}" "${globals[@]}" __complete "${kind}" 2>/dev/null
}

function _dmonctl_dynamic() {
  local -a _dmonctl_words
  _dmonctl_line_words
  local last=$((${#_dmonctl_words[@]} - 1))
  local curr_word=${_dmonctl_words[last]}
  local prev_word=""
  ((last > 0)) && prev_word=${_dmonctl_words[last-1]}
  local command="" kind="" extra="" i w
  for ((i = 1; i < last; i++)); do
    w=${_dmonctl_words[i]}
    case ${w} in
      --coordinator|--timeout|--tls-dir) ((i++)) ;;
      -*) ;;
      *) command=${w}; break ;;
    esac
  done
  if [[ -n "${command}" ]]; then
    case ${prev_word} in
      --host) kind=hosts ;;
      --watch) kind=hosts; extra="max avg" ;;
      *)
        if [[ "${curr_word}" != -* ]]; then
          case ${command} in
            stop|restart|signal|pause|resume|rm|logs|status) kind=jobs ;;
          esac
        fi
        ;;
    esac
  fi
  if [[ -n "${kind}" ]]; then
    local words
    words="$(_dmonctl_ask "${kind}") ${extra}"
    local IFS=$' \t\n'
    COMPREPLY=( $(compgen -W "${words}" -- "${curr_word}") )
    if [[ ${#COMPREPLY[@]} -gt 0 || ${prev_word} == --host || ${prev_word} == --watch ]]; then
      return 0
    fi
  fi
  _complete_dmonctl "$@"
}

complete -F _dmonctl_dynamic -o default dmonctl
