
# dmon: job ids and host names, asked of the coordinators by `dmonctl __complete jobs|hosts`
# (a 200 ms deadline; nothing at all when none answers in time), with the --coordinator and
# --tls-dir given on the line being completed. Everything else is picocli's completion above.
function _dmonctl_ask() {
  local kind=$1 i w
  local -a globals=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    case ${w} in
      --coordinator|--tls-dir)
        globals+=("${w}" "${COMP_WORDS[i+1]}")
        ((i++))
        ;;
      --timeout)
        ((i++))
        ;;
      -*) ;;
      *) break ;;
    esac
  done
  "${COMP_WORDS[0]}" "${globals[@]}" __complete "${kind}" 2>/dev/null
}

function _dmonctl_dynamic() {
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}
  local command="" kind="" extra="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
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
