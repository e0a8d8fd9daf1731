# fish completion for safedocker's own `guard` verbs; docker's arguments use docker's completion.
set -l verbs version which check rules stats log health reset scan install-hook cleanup session scheduler
complete -c safedocker -n '__fish_use_subcommand' -a guard -d "safedocker's own verbs"
complete -c safedocker -n '__fish_seen_subcommand_from guard; and not __fish_seen_subcommand_from $verbs' -a "$verbs"
complete -c safedocker -n '__fish_seen_subcommand_from which stats rules health log check cleanup scheduler' -l json -d 'machine-readable output'
complete -c safedocker -n '__fish_seen_subcommand_from stats' -l since -r -d 'only records newer than DURATION'
complete -c safedocker -n '__fish_seen_subcommand_from stats' -l zero -d 'start a new baseline'
complete -c safedocker -n '__fish_seen_subcommand_from log' -s n -r -d 'how many records'
complete -c safedocker -n '__fish_seen_subcommand_from log' -s f -l follow -d 'follow the log'
complete -c safedocker -n '__fish_seen_subcommand_from scan' -l format -xa 'text json sarif'
complete -c safedocker -n '__fish_seen_subcommand_from scan' -l staged -d 'files staged in git'
complete -c safedocker -n '__fish_seen_subcommand_from scan' -l rules -r -d 'rules file to check against'
complete -c safedocker -n '__fish_seen_subcommand_from scan' -l warnings -d 'also report warnings'
complete -c safedocker -n '__fish_seen_subcommand_from install-hook' -l replace -d 'replace an existing hook'
complete -c safedocker -n '__fish_seen_subcommand_from reset' -l daemon -r -d 'the daemon key'
complete -c safedocker -n '__fish_seen_subcommand_from reset' -l all -d 'every daemon known'
complete -c safedocker -n '__fish_seen_subcommand_from cleanup' -l dry-run -d 'show what would be removed'
complete -c safedocker -n '__fish_seen_subcommand_from session' -l name -r -d 'session id'
complete -c safedocker -n '__fish_seen_subcommand_from session' -l keep -d 'keep what the session made'
complete -c safedocker -n '__fish_seen_subcommand_from session' -l volumes -d 'also remove its volumes'
complete -c safedocker -n '__fish_seen_subcommand_from scheduler' -l once -d 'one round, then exit'
complete -c safedocker -n '__fish_seen_subcommand_from scheduler' -l status -d 'last and next run'
