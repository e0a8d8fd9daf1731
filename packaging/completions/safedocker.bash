# bash completion for safedocker: its own `guard` verbs; docker's arguments go to docker's
# completion when it is loaded (the docker shim and `safedocker ARGS…` take docker's argv).

_safedocker_guard()
{
    local cur=${COMP_WORDS[COMP_CWORD]} verb=${COMP_WORDS[2]:-}
    local verbs="version which check rules stats log health reset scan install-hook cleanup session scheduler proxy"
    if (( COMP_CWORD == 2 )); then
        mapfile -t COMPREPLY < <(compgen -W "$verbs" -- "$cur")
        return
    fi
    local flags=""
    case $verb in
        which) flags="--compose --json" ;;
        check) flags="--json --compose --unattended --" ;;
        rules) (( COMP_CWORD == 3 )) && flags="check show" || flags="--json" ;;
        stats) flags="--since --json --zero --format --output --cursor" ;;
        log) flags="-n -f --follow --json --decision --rule --command --event" ;;
        health) flags="--json" ;;
        reset) flags="--daemon --all" ;;
        scan) flags="--format --rules --warnings --staged" ;;
        install-hook) flags="--replace" ;;
        cleanup) flags="--dry-run --json" ;;
        session) flags="--name --keep --volumes --" ;;
        scheduler) flags="--once --status --json" ;;
        proxy) flags="--listen --upstream --group --metrics-listen" ;;
    esac
    case ${COMP_WORDS[COMP_CWORD-1]} in
        --format)
            local formats="text json sarif"
            [[ $verb == stats ]] && formats="text json prometheus openmetrics"
            mapfile -t COMPREPLY < <(compgen -W "$formats" -- "$cur"); return ;;
        --decision) mapfile -t COMPREPLY < <(compgen -W "allow warn block rewrite bypass" -- "$cur"); return ;;
    esac
    if [[ $cur == -* || -z $cur && -n $flags && $verb != scan && $verb != rules ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

_safedocker()
{
    if [[ ${COMP_WORDS[1]:-} == guard ]] && (( COMP_CWORD >= 2 )); then
        _safedocker_guard
        return
    fi
    if (( COMP_CWORD == 1 )) && [[ guard == "${COMP_WORDS[1]}"* ]]; then
        COMPREPLY=(guard)
    fi
    # Everything else is docker's argv: use docker's completion when it is loaded.
    if declare -F __start_docker >/dev/null; then
        COMP_WORDS[0]=docker
        __start_docker docker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    elif declare -F _docker >/dev/null; then
        COMP_WORDS[0]=docker
        _docker docker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    fi
}

complete -F _safedocker safedocker
