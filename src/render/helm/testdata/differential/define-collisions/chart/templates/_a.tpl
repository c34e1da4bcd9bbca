{{- define "file.level" -}}parent-a-file{{- end -}}
